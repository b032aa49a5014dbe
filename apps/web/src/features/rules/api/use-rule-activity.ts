import type { RuleActivity } from '@meridian/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLiveSocket, useLiveSocketState } from '../../../lib/live-socket-context';
import { mergeActivity, RULE_ACTIVITY_LIMIT } from '../utils/merge-activity';
import { ruleQueries } from './rule-queries';

/**
 * The rule's recent outputs and errors, newest first: fetched, then streamed over the tab's live socket.
 * Streamed entries are merged with the fetched list by `seq`, so a fetch answering after a frame does not
 * hide it; after a reconnect the list is fetched again for what was produced while disconnected.
 */
export function useRuleActivity(ruleName: string) {
  const socket = useLiveSocket();
  const { status } = useLiveSocketState();
  const queryClient = useQueryClient();
  const query = useQuery(ruleQueries.activity(ruleName));
  const [streamed, setStreamed] = useState<readonly RuleActivity[]>([]);

  useEffect(() => {
    setStreamed([]);
    const stopFrames = socket.onFrame((frame) => {
      if (frame.type !== 'rule-activity' || frame.activity.ruleName !== ruleName) return;
      setStreamed((current) => [...current, frame.activity].slice(-RULE_ACTIVITY_LIMIT));
    });
    const unwatch = socket.watchRules([ruleName]);
    return () => {
      stopFrames();
      unwatch();
    };
  }, [socket, ruleName]);

  const wasOpen = useRef(status === 'open');
  useEffect(() => {
    const open = status === 'open';
    if (open && !wasOpen.current) {
      void queryClient.invalidateQueries({ queryKey: ruleQueries.activity(ruleName).queryKey });
    }
    wasOpen.current = open;
  }, [status, queryClient, ruleName]);

  const entries = useMemo(() => mergeActivity(query.data ?? [], streamed), [query.data, streamed]);
  return { query, entries };
}
