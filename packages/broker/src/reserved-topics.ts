/** Reserved AWS topics (reference/aws-iot-semantics.md §1.2 and §5). */

const EVENTS_PREFIX = '$aws/events/';
const RULES_PREFIX = '$aws/rules/';
const THINGS_PREFIX = '$aws/things/';

const SHADOW_OPERATIONS: ReadonlySet<string> = new Set(['get', 'update', 'delete']);
const SHADOW_RESPONSES: ReadonlySet<string> = new Set(['accepted', 'rejected', 'delta', 'documents']);

/** `$aws/events/...` is subscribe-only: clients may not publish there. */
export function isEventsTopic(topic: string): boolean {
  return topic.startsWith(EVENTS_PREFIX);
}

/**
 * The Device Shadow service's response topics, `$aws/things/{thing}/shadow[/name/{shadow}]/{get|update|delete}/
 * {accepted|rejected|delta|documents}`: only the service publishes there.
 */
export function isShadowResponseTopic(topic: string): boolean {
  if (!topic.startsWith(THINGS_PREFIX)) return false;
  const levels = topic.split('/');
  if (levels[3] !== 'shadow' || (levels[2] ?? '') === '') return false;
  const named = levels[4] === 'name';
  if (named && (levels[5] ?? '') === '') return false;
  const operation = named ? 6 : 4;
  return (
    levels.length === operation + 2 &&
    SHADOW_OPERATIONS.has(levels[operation]!) &&
    SHADOW_RESPONSES.has(levels[operation + 1]!)
  );
}

/** Topics clients may not publish to (nor name in a will): only the platform's services publish there. */
export function isServiceOwnedTopic(topic: string): boolean {
  // Most topics do not start with '$': one comparison for them.
  return topic.charCodeAt(0) === 0x24 && (isEventsTopic(topic) || isShadowResponseTopic(topic));
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
