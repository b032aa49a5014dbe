import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useOptionalLiveSocket } from '../../../lib/live-socket-context';
import { refreshShadow } from '../api/shadow-queries';
import { changedShadowOf, shadowChangeFilters } from '../utils/shadow-topics';

/**
 * Announcements arriving within this time after the first one cause one refetch: a device
 * reporting many times a second refetches a few times a second, and the last state always lands.
 */
export const LIVE_REFRESH_DELAY_MS = 150;

/**
 * Keeps the thing's shadows current: every `/update/documents` or `/delete/accepted` the live socket
 * brings for the thing refetches that shadow, its history and the list. The filters are added to
 * the tab's socket while mounted; ones that were already subscribed (e.g. on the Live page) are left
 * as they were.
 */
export function useShadowLiveRefresh(thingName: string): void {
  const socket = useOptionalLiveSocket();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!socket) return;
    const known = new Set(socket.getState().subscriptions.map((subscription) => subscription.filter));
    const added = shadowChangeFilters(thingName).filter((filter) => !known.has(filter));
    socket.subscribe(added);
    const scheduled = new Map<string, ReturnType<typeof setTimeout>>();
    const stop = socket.onFrame((frame) => {
      if (frame.type !== 'message') return;
      const shadowName = changedShadowOf(thingName, frame.topic);
      if (shadowName === undefined || scheduled.has(shadowName)) return;
      const timer = setTimeout(() => {
        scheduled.delete(shadowName);
        void refreshShadow(queryClient, thingName, shadowName);
      }, LIVE_REFRESH_DELAY_MS);
      scheduled.set(shadowName, timer);
    });
    return () => {
      stop();
      for (const timer of scheduled.values()) clearTimeout(timer);
      socket.unsubscribe(added);
    };
  }, [socket, thingName, queryClient]);
}
