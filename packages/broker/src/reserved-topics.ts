/** Reserved AWS topics (reference/aws-iot-semantics.md §5). */

const EVENTS_PREFIX = '$aws/events/';
const RULES_PREFIX = '$aws/rules/';

/** `$aws/events/...` is subscribe-only: clients may not publish there. */
export function isEventsTopic(topic: string): boolean {
  return topic.startsWith(EVENTS_PREFIX);
}

/**
 * Basic Ingest `$aws/rules/{ruleName}/{topic}`: the rule name and the topic the rule sees (without
 * the prefix), or undefined when `topic` is not under `$aws/rules/`. An empty rule name gives ''.
 */
export function parseBasicIngest(topic: string): { ruleName: string; topic: string } | undefined {
  if (!topic.startsWith(RULES_PREFIX)) return undefined;
  const rest = topic.slice(RULES_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash === -1) return { ruleName: rest, topic: '' };
  return { ruleName: rest.slice(0, slash), topic: rest.slice(slash + 1) };
}
