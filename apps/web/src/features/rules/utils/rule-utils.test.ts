// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IoT SQL substitution templates are plain strings with ${...}
import type { RuleAction, RuleActivity } from '@meridian/contracts';
import { describe, expect, it } from 'vitest';
import { emptyAction, parseHeaders, toAction, toDraft } from './action-draft';
import { errorRange } from './editor-position';
import { mergeActivity } from './merge-activity';
import { prettyOutput } from './pretty-output';
import { sampleTopic } from './sample-topic';

describe('action drafts', () => {
  const stored: RuleAction[] = [
    { republish: { topic: 'alerts/${topic(2)}', qos: 1, retain: true } },
    { republish: { topic: 'plain' } },
    { http: { url: 'https://hooks.test/x', headers: [{ key: 'x-device', value: '${topic(2)}' }] } },
    { timeseries: { deviceKey: '${topic(2)}', time: '${ts}' } },
    { shadow: { thingName: '${topic(2)}', shadowName: 'env' } },
    { function: { code: 'return event;', timeoutMs: 50 } },
  ];

  it('round-trip every action type through the form unchanged', () => {
    for (const action of stored) expect(toAction(toDraft(action))).toEqual(action);
  });

  it('leave out optional fields the operator left empty and trim the rest', () => {
    expect(toAction({ type: 'timeseries', deviceKey: ' ${topic(2)} ', time: ' ' })).toEqual({
      timeseries: { deviceKey: '${topic(2)}' },
    });
    expect(toAction({ type: 'function', code: 'return 1;', timeoutMs: 'soon' })).toEqual({
      function: { code: 'return 1;' },
    });
    expect(toAction(emptyAction('http'))).toEqual({ http: { url: '' } });
  });

  it('read headers one per line, splitting at the first colon', () => {
    expect(parseHeaders('x-a: 1\n\n  authorization: Bearer a:b  \nflag')).toEqual([
      { key: 'x-a', value: '1' },
      { key: 'authorization', value: 'Bearer a:b' },
      { key: 'flag', value: '' },
    ]);
  });
});

describe(errorRange.name, () => {
  it('marks the word at a 1-based line and column', () => {
    const text = "SELECT a,\n  FROM 'x'";
    expect(errorRange(text, 2, 3)).toEqual({ from: 12, to: 16 });
    expect(text.slice(12, 16)).toBe('FROM');
  });

  it('marks the last character for a position past the end', () => {
    expect(errorRange('SELECT', 1, 7)).toEqual({ from: 5, to: 6 });
    expect(errorRange('', 1, 1)).toEqual({ from: 0, to: 0 });
  });

  it('marks one character where no word starts', () => {
    expect(errorRange('SELECT * FROM (', 1, 15)).toEqual({ from: 14, to: 15 });
  });
});

describe('test panel helpers', () => {
  it('fill topic wildcards to get a sample topic', () => {
    expect(sampleTopic('sensors/+/telemetry')).toBe('sensors/device-1/telemetry');
    expect(sampleTopic('fleet/#')).toBe('fleet/device-1');
  });

  it('indent JSON output and leave other text alone', () => {
    expect(prettyOutput('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyOutput('not json')).toBe('not json');
  });
});

describe(mergeActivity.name, () => {
  const entry = (seq: number): RuleActivity => ({
    kind: 'output',
    seq,
    ruleName: 'r',
    topic: 't',
    at: '2026-01-01T10:00:00.000Z',
    output: String(seq),
    outputEncoding: 'json',
  });

  it('lists fetched and streamed entries newest first, each once, within the limit', () => {
    expect(mergeActivity([entry(1), entry(2), entry(3)], [entry(3), entry(4)]).map((e) => e.seq)).toEqual([4, 3, 2, 1]);
    expect(mergeActivity([entry(1), entry(2)], [entry(5)], 2).map((e) => e.seq)).toEqual([5, 2]);
  });
});
