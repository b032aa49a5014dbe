/** A topic that a FROM filter matches, to start a test with: `+` and `#` become `device-1`. */
export function sampleTopic(filter: string): string {
  return filter
    .split('/')
    .map((level) => (level === '+' || level === '#' ? 'device-1' : level))
    .join('/');
}
