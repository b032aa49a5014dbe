import { createContext, type ReactNode, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import { useLiveSocket } from '../../../lib/live-socket-context';
import { LiveFeed, type LiveFeedSnapshot } from '../stores/live-feed';

const LiveFeedContext = createContext<LiveFeed | null>(null);

interface LiveFeedProviderProps {
  /** Tests inject a feed with a synchronous scheduler. */
  feed?: LiveFeed;
  children: ReactNode;
}

/**
 * Collects `message` frames from the tab's live socket. Mounted in the shell, so messages and
 * subscriptions survive navigating away from the Live page.
 */
export function LiveFeedProvider({ feed: injected, children }: LiveFeedProviderProps) {
  const socket = useLiveSocket();
  const [feed] = useState(() => injected ?? new LiveFeed());
  useEffect(
    () =>
      socket.onFrame((frame) => {
        if (frame.type === 'message') feed.push(frame);
      }),
    [socket, feed],
  );
  return <LiveFeedContext.Provider value={feed}>{children}</LiveFeedContext.Provider>;
}

export function useLiveFeed(): LiveFeed {
  const feed = useContext(LiveFeedContext);
  if (!feed) throw new Error('useLiveFeed must be used inside <LiveFeedProvider>');
  return feed;
}

export function useLiveFeedSnapshot(): LiveFeedSnapshot {
  const feed = useLiveFeed();
  return useSyncExternalStore(feed.subscribe, feed.getSnapshot);
}
