import { describe, expect, it } from 'vitest';
import { base64ByteLength, formatPayload, reindentJson } from './format-payload';

describe(formatPayload.name, () => {
  it('pretty-prints JSON objects', () => {
    expect(formatPayload('{"temperature":21.5,"tags":["a","b"],"meta":{}}', 'utf8')).toEqual({
      kind: 'json',
      text: '{\n  "temperature": 21.5,\n  "tags": [\n    "a",\n    "b"\n  ],\n  "meta": {}\n}',
    });
  });

  it('gives the same layout as JSON.stringify for ordinary JSON', () => {
    const value = { a: [1, { b: null, c: true }], d: 'x: {y}, [z]', e: [], f: { g: {} } };
    expect(formatPayload(JSON.stringify(value), 'utf8').text).toBe(JSON.stringify(value, null, 2));
  });

  it('keeps numbers exactly as sent (no precision loss)', () => {
    expect(formatPayload('{"id": 12345678901234567890, "v": 1.0}', 'utf8').text).toBe(
      '{\n  "id": 12345678901234567890,\n  "v": 1.0\n}',
    );
  });

  it('keeps escaped quotes and whitespace inside strings', () => {
    expect(formatPayload('{ "s" : "a \\" , b  { c" }', 'utf8').text).toBe('{\n  "s": "a \\" , b  { c"\n}');
  });

  it('treats JSON scalars as JSON', () => {
    expect(formatPayload(' 42 ', 'utf8')).toEqual({ kind: 'json', text: '42' });
    expect(formatPayload('"on"', 'utf8')).toEqual({ kind: 'json', text: '"on"' });
  });

  it('shows non-JSON text as is', () => {
    expect(formatPayload('hello world', 'utf8')).toEqual({ kind: 'text', text: 'hello world' });
    expect(formatPayload('{not json', 'utf8')).toEqual({ kind: 'text', text: '{not json' });
    expect(formatPayload('', 'utf8')).toEqual({ kind: 'text', text: '' });
  });

  it('shows base64 payloads as such, with their size', () => {
    expect(formatPayload('AAEC/w==', 'base64')).toEqual({ kind: 'base64', text: 'AAEC/w==', bytes: 4 });
  });
});

describe(base64ByteLength.name, () => {
  it('accounts for padding', () => {
    expect(base64ByteLength('')).toBe(0);
    expect(base64ByteLength('AA==')).toBe(1);
    expect(base64ByteLength('AAA=')).toBe(2);
    expect(base64ByteLength('AAAA')).toBe(3);
  });
});

describe(reindentJson.name, () => {
  it('uses the given indent', () => {
    expect(reindentJson('[1,2]', '\t')).toBe('[\n\t1,\n\t2\n]');
  });
});
