import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useLiveSocket } from '../../../lib/live-socket-context';
import { myDeviceQueries } from '../api/my-device-queries';
import { applyLiveMessage, MY_DEVICE_FILTERS } from '../utils/live-updates';

/** While mounted: presence and shadow documents of the user's devices from the live socket go into the cache. */
export function useLiveDeviceUpdates(): void {
  const socket = useLiveSocket();
  const queryClient = useQueryClient();
  useEffect(() => {
    const filters = [...MY_DEVICE_FILTERS];
    socket.subscribe(filters);
    const stop = socket.onFrame((frame) => {
      if (frame.type === 'subscribed') {
        // (Re)connected: what changed while the socket was down is only in a fresh list.
        void queryClient.invalidateQueries({ queryKey: myDeviceQueries.list().queryKey });
        return;
      }
      if (frame.type !== 'message') return;
      queryClient.setQueryData(myDeviceQueries.list().queryKey, (devices) =>
        devices === undefined ? devices : applyLiveMessage(devices, frame),
      );
    });
    return () => {
      stop();
      socket.unsubscribe(filters);
    };
  }, [socket, queryClient]);
}
