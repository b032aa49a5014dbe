/**
 * MQTT topic filters as the rules engine uses them in FROM (reference §2.3, §6.2): `+` is exactly one
 * level, `#` is the last level and everything below it but not the parent (`a/#` does not match `a`),
 * and a filter starting with a wildcard does not match topics starting with `$`.
 */

/** Why `filter` is not a valid topic filter, or undefined when it is. */
export function topicFilterProblem(filter: string): string | undefined {
  if (filter.length === 0) return 'it is empty';
  if (Buffer.byteLength(filter, 'utf8') > 256) return 'it is longer than 256 bytes';
  if (filter.includes('\u0000')) return 'it contains a null character';
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] as string;
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) {
      return '"#" must be the whole last level';
    }
    if (level.includes('+') && level !== '+') return '"+" must be a whole level';
  }
  return undefined;
}

export interface TopicFilter {
  readonly filter: string;
  matches(topic: string): boolean;
}

/** Compiles a valid topic filter into a matcher; throws for an invalid one. */
export function compileTopicFilter(filter: string): TopicFilter {
  const problem = topicFilterProblem(filter);
  if (problem) throw new Error(`Invalid topic filter '${filter}': ${problem}`);
  if (!filter.includes('+') && !filter.includes('#')) {
    return { filter, matches: (topic) => topic === filter };
  }
  const levels = filter.split('/');
  const multiLevel = levels[levels.length - 1] === '#';
  const fixed = multiLevel ? levels.slice(0, -1) : levels;
  const startsWithWildcard = levels[0] === '+' || levels[0] === '#';
  return {
    filter,
    matches(topic) {
      if (startsWithWildcard && topic.charCodeAt(0) === 36 /* $ */) return false;
      let start = 0;
      for (let i = 0; i < fixed.length; i++) {
        const slash = topic.indexOf('/', start);
        const last = i === fixed.length - 1;
        // Without "#", the final fixed level must end the topic; with "#", another level must follow.
        if (last && !multiLevel ? slash !== -1 : slash === -1) return false;
        const end = slash === -1 ? topic.length : slash;
        const level = fixed[i] as string;
        if (level !== '+' && (end - start !== level.length || !topic.startsWith(level, start))) return false;
        start = end + 1;
      }
      return true;
    },
  };
}

export function topicMatchesFilter(filter: string, topic: string): boolean {
  return compileTopicFilter(filter).matches(topic);
}
