import { createContext, type ReactNode, useContext, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { LiveSocket, type LiveSocketState } from './live-socket';

const LiveSocketContext = createContext<LiveSocket | null>(null);

interface LiveSocketProviderProps {
  /** Tests inject a socket built on a fake transport; the app lets the provider make one. */
  socket?: LiveSocket;
  /** Called when the server closes the socket with 4401 (no valid session). */
  onUnauthorized?: () => void;
  children: ReactNode;
}

/** Owns the tab's live socket: connects on mount, closes on unmount (sign-out). */
export function LiveSocketProvider({ socket: injected, onUnauthorized, children }: LiveSocketProviderProps) {
  const [socket] = useState(() => injected ?? new LiveSocket());
  const onUnauthorizedRef = useRef(onUnauthorized);
  useEffect(() => {
    onUnauthorizedRef.current = onUnauthorized;
  }, [onUnauthorized]);

  useEffect(() => {
    let previous = socket.getState().status;
    const unsubscribe = socket.onStateChange(() => {
      const { status } = socket.getState();
      if (status === 'unauthorized' && previous !== 'unauthorized') onUnauthorizedRef.current?.();
      previous = status;
    });
    socket.start();
    return () => {
      unsubscribe();
      socket.stop();
    };
  }, [socket]);
  return <LiveSocketContext.Provider value={socket}>{children}</LiveSocketContext.Provider>;
}

export function useLiveSocket(): LiveSocket {
  const socket = useContext(LiveSocketContext);
  if (!socket) throw new Error('useLiveSocket must be used inside <LiveSocketProvider>');
  return socket;
}

export function useLiveSocketState(): LiveSocketState {
  const socket = useLiveSocket();
  return useSyncExternalStore(socket.onStateChange, socket.getState);
}

/** The tab's live socket, or `null` outside `<LiveSocketProvider>` (panels that work without live updates). */
export function useOptionalLiveSocket(): LiveSocket | null {
  return useContext(LiveSocketContext);
}
