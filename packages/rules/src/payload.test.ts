import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outputPayload, parsePayload } from './payload.js';
import { WholeDecimal } from './values/value.js';

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe(parsePayload.name, () => {
  it('a JSON object payload becomes the object', () => {
    assert.deepEqual(parsePayload(encode(' {"a": [1, {"b": null}]}')), { a: [1, { b: null }] });
  });

  it('anything else stays bytes: text, JSON scalars and arrays, invalid JSON or UTF-8, empty', () => {
    for (const text of ['80', '"s"', '[1]', '{"a":', 'hello', '']) {
      const bytes = encode(text);
      assert.equal(parsePayload(bytes), bytes, text);
    }
    const invalid = new Uint8Array([0x7b, 0xff, 0x7d]);
    assert.equal(parsePayload(invalid), invalid);
  });
});

describe(outputPayload.name, () => {
  it('serializes objects as compact JSON, leaving out Undefined members', () => {
    assert.equal(
      decode(outputPayload({ a: 1, b: undefined, c: 'x', d: new WholeDecimal(2) })),
      '{"a":1,"c":"x","d":2.0}',
    );
  });

  it('passes bytes through; Undefined is an empty payload; bare values are JSON', () => {
    const bytes = new Uint8Array([1, 2]);
    assert.equal(outputPayload(bytes), bytes);
    assert.equal(decode(outputPayload(undefined)), '');
    assert.equal(decode(outputPayload('red')), '"red"');
    assert.equal(decode(outputPayload([1, 2])), '[1,2]');
  });
});
