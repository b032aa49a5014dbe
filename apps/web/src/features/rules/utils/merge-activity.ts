import type { RuleActivity } from '@meridian/contracts';

/** As many entries as the server keeps per rule. */
export const RULE_ACTIVITY_LIMIT = 50;

/** Fetched and streamed entries as one list: newest first, each `seq` once, at most `limit`. */
export function mergeActivity(
  fetched: readonly RuleActivity[],
  streamed: readonly RuleActivity[],
  limit = RULE_ACTIVITY_LIMIT,
): RuleActivity[] {
  const bySeq = new Map<number, RuleActivity>();
  for (const entry of fetched) bySeq.set(entry.seq, entry);
  for (const entry of streamed) bySeq.set(entry.seq, entry);
  return [...bySeq.values()].sort((a, b) => b.seq - a.seq).slice(0, limit);
}
