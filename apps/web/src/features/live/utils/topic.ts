/** AWS IoT limits topic names and filters to 256 bytes. */
const MAX_TOPIC_BYTES = 256;

const byteLength = (value: string) => new TextEncoder().encode(value).length;

/** Checks an MQTT topic filter (`+` fills one whole level, `#` only as the last level). */
export function validateTopicFilter(filter: string): string | null {
  if (filter === '') return 'Enter a topic filter, e.g. devices/+/telemetry or #.';
  if (byteLength(filter) > MAX_TOPIC_BYTES) return `Topic filters can be at most ${MAX_TOPIC_BYTES} bytes long.`;
  if (filter.includes('\u0000')) return 'Topic filters must not contain the null character.';
  const levels = filter.split('/');
  for (const [index, level] of levels.entries()) {
    if (level.includes('#') && (level !== '#' || index !== levels.length - 1)) {
      return "'#' must be the last level on its own, e.g. devices/#.";
    }
    if (level.includes('+') && level !== '+') return "'+' must fill a whole level, e.g. devices/+/telemetry.";
  }
  return null;
}

/** Checks an MQTT topic name to publish to (no wildcards). */
export function validatePublishTopic(topic: string): string | null {
  if (topic === '') return 'Enter a topic to publish to.';
  if (byteLength(topic) > MAX_TOPIC_BYTES) return `Topics can be at most ${MAX_TOPIC_BYTES} bytes long.`;
  if (topic.includes('\u0000')) return 'Topics must not contain the null character.';
  if (topic.includes('+') || topic.includes('#'))
    return "Topics to publish to cannot contain the wildcards '+' or '#'.";
  return null;
}
