import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useOptionalLiveSocket } from '../../../lib/live-socket-context';
import { refreshShadow } from '../api/shadow-queries';
import { changedShadowOf, shadowChangeFilters } from '../utils/shadow-topics';

/**
 * Keeps the thing's shadows current: every `/update/documents` or `/delete/accepted` the live socket
 * brings for the thing refetches that shadow, its history and the list. The filters are added to the tab's socket
 * while mounted; ones that were already subscribed (e.g. on the Live page) are left as they were.
 */
export function useShadowLiveRefresh(thingName: string): void {
  const socket = useOptionalLiveSocket();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!socket) return;
    const known = new Set(socket.getState().subscriptions.map((subscription) => subscription.filter));
    const added = shadowChangeFilters(thingName).filter((filter) => !known.has(filter));
    socket.subscribe(added);
    const stop = socket.onFrame((frame) => {
      if (frame.type !== 'message') return;
      const shadowName = changedShadowOf(thingName, frame.topic);
      if (shadowName === undefined) return;
      void refreshShadow(queryClient, thingName, shadowName);
    });
    return () => {
      stop();
      socket.unsubscribe(added);
    };
  }, [socket, thingName, queryClient]);
}
