import { describe, expect, it } from 'vitest';
import { validatePublishTopic, validateTopicFilter } from './topic';

describe(validateTopicFilter.name, () => {
  it.each(['#', '+', 'devices/+/telemetry', 'devices/#', '+/+/#', '$aws/things/t1/shadow/#', 'a//b'])(
    'accepts %s',
    (filter) => {
      expect(validateTopicFilter(filter)).toBeNull();
    },
  );

  it.each([
    ['', 'Enter a topic filter'],
    ['devices/#/x', "'#' must be the last level"],
    ['devices#', "'#' must be the last level"],
    ['devices/a+', "'+' must fill a whole level"],
    ['x'.repeat(257), 'at most 256 bytes'],
  ])('rejects %j', (filter, message) => {
    expect(validateTopicFilter(filter)).toContain(message);
  });
});

describe(validatePublishTopic.name, () => {
  it('accepts plain topics', () => {
    expect(validatePublishTopic('devices/d1/commands')).toBeNull();
  });

  it('rejects empty topics and wildcards', () => {
    expect(validatePublishTopic('')).toContain('Enter a topic');
    expect(validatePublishTopic('devices/+/x')).toContain('wildcards');
    expect(validatePublishTopic('devices/#')).toContain('wildcards');
  });
});
