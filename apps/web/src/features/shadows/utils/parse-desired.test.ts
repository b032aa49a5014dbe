import { describe, expect, it } from 'vitest';
import { parseDesired } from './parse-desired';

describe(parseDesired.name, () => {
  it('accepts a JSON object', () => {
    expect(parseDesired('{ "on": true, "rgb": [1, 2, 3], "cfg": { "mode": "eco" } }')).toEqual({
      ok: true,
      value: { on: true, rgb: [1, 2, 3], cfg: { mode: 'eco' } },
    });
    expect(parseDesired('{}')).toEqual({ ok: true, value: {} });
  });

  it('refuses text that is not JSON, saying why', () => {
    const parsed = parseDesired('{ "on": tru }');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/^Invalid JSON: /);
  });

  it('refuses blank text and JSON that is not an object', () => {
    expect(parseDesired('  ')).toEqual({ ok: false, error: 'Enter a JSON object, e.g. {} for no desired state.' });
    for (const text of ['[1]', '"on"', '3', 'null']) {
      expect(parseDesired(text)).toEqual({ ok: false, error: 'The desired state must be a JSON object.' });
    }
  });

  it('refuses null anywhere, naming where', () => {
    expect(parseDesired('{ "a": { "b": null } }')).toEqual({
      ok: false,
      error: 'a.b is null: leave the key out to remove it.',
    });
    expect(parseDesired('{ "list": [1, null] }')).toEqual({
      ok: false,
      error: 'list[1] is null: leave the key out to remove it.',
    });
  });

  it('refuses nesting deeper than the service allows, with its message', () => {
    // desired itself is level 1: five nested objects below it make six levels.
    expect(parseDesired('{"a":{"b":{"c":{"d":{"e":{"f":1}}}}}}').ok).toBe(true);
    expect(parseDesired('{"a":{"b":{"c":{"d":{"e":{"f":{"g":1}}}}}}}')).toEqual({
      ok: false,
      error: 'JSON contains too many levels of nesting; maximum is 6',
    });
    expect(parseDesired('{"a":[[1]]}', 2).ok).toBe(false);
  });
});
