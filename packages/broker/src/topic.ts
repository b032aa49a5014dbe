/**
 * Topic names and filters (MQTT 3.1.1 §4.7, MQTT 5 §4.7).
 * Syntax only; size limits from BrokerOptions are checked by `withinTopicLimits`.
 */

const PLUS = 0x2b; // '+'
const HASH = 0x23; // '#'
const SLASH = 0x2f; // '/'
const NUL = 0x00;

/**
 * A PUBLISH topic name: at least one character [MQTT-4.7.3-1], no wildcards [MQTT-3.3.2-2],
 * no U+0000 [MQTT-1.5.3-2].
 */
export function isValidTopicName(topic: string): boolean {
  if (topic.length === 0) return false;
  for (let i = 0; i < topic.length; i++) {
    const c = topic.charCodeAt(i);
    if (c === PLUS || c === HASH || c === NUL) return false;
  }
  return true;
}

/**
 * A SUBSCRIBE/UNSUBSCRIBE topic filter: at least one character [MQTT-4.7.3-1], `+` occupies a
 * whole level [MQTT-4.7.1-3], `#` is the whole last level [MQTT-4.7.1-2], no U+0000.
 */
export function isValidTopicFilter(filter: string): boolean {
  const length = filter.length;
  if (length === 0) return false;
  for (let i = 0; i < length; i++) {
    const c = filter.charCodeAt(i);
    if (c === NUL) return false;
    if (c === PLUS || c === HASH) {
      const startsLevel = i === 0 || filter.charCodeAt(i - 1) === SLASH;
      const endsLevel = i === length - 1 || filter.charCodeAt(i + 1) === SLASH;
      if (!startsLevel || !endsLevel) return false;
      if (c === HASH && i !== length - 1) return false;
    }
  }
  return true;
}

/** True when the topic or filter contains `+` or `#`. */
export function hasWildcard(filter: string): boolean {
  return filter.includes('+') || filter.includes('#');
}

/**
 * Size limits (reference/aws-iot-semantics.md §6.2): at most `maxBytes` UTF-8 bytes and, outside
 * `$aws/`, at most `maxLevels` levels.
 */
export function withinTopicLimits(topic: string, maxBytes: number, maxLevels: number): boolean {
  // Each UTF-16 unit is at most 3 UTF-8 bytes: skip the byte count for short strings.
  if (topic.length * 3 > maxBytes && Buffer.byteLength(topic) > maxBytes) return false;
  if (topic.startsWith('$aws/')) return true;
  let levels = 1;
  for (let i = topic.indexOf('/'); i !== -1; i = topic.indexOf('/', i + 1)) {
    if (++levels > maxLevels) return false;
  }
  return true;
}

/**
 * MQTT topic matching (§4.7.1). `#` also matches the parent level (`a/#` matches `a`)
 * [MQTT-4.7.1-2], and filters starting with a wildcard never match topics starting with `$`
 * [MQTT-4.7.2-1]. Assumes both arguments are valid.
 */
export function topicMatches(filter: string, topic: string): boolean {
  if (topic.charCodeAt(0) === 0x24 /* $ */) {
    const first = filter.charCodeAt(0);
    if (first === PLUS || first === HASH) return false;
  }
  let f = 0;
  let t = 0;
  const fl = filter.length;
  const tl = topic.length;
  while (f < fl) {
    const c = filter.charCodeAt(f);
    if (c === HASH) return true;
    if (c === PLUS) {
      // Skip one topic level (possibly empty).
      while (t < tl && topic.charCodeAt(t) !== SLASH) t++;
      f++;
    } else {
      // Compare a literal level.
      while (f < fl && t < tl) {
        const fc = filter.charCodeAt(f);
        if (fc === SLASH) break;
        if (fc !== topic.charCodeAt(t)) return false;
        f++;
        t++;
      }
      if (f < fl && filter.charCodeAt(f) !== SLASH) return false;
      if (t < tl && topic.charCodeAt(t) !== SLASH) return false;
    }
    // Both are now at a level end.
    if (f === fl) return t === tl;
    // filter has '/', topic must too.
    if (t === tl) {
      // `a/#` matches `a`.
      return f + 2 === fl && filter.charCodeAt(f + 1) === HASH;
    }
    f++;
    t++;
  }
  return t === tl;
}
