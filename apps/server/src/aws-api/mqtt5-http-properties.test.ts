import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '@meridian/contracts';
import { decodeBase64, decodeUserProperties, encodeUserProperties } from './mqtt5-http-properties.js';

const base64Json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

describe(decodeUserProperties.name, () => {
  test('one-entry objects become a map; repeated keys keep their values in order', () => {
    const header = base64Json([{ a: '1' }, { b: '2' }, { a: '3' }, { c: 'x', d: 'y' }]);
    assert.deepEqual(decodeUserProperties('h', header), { a: ['1', '3'], b: '2', c: 'x', d: 'y' });
    assert.deepEqual(decodeUserProperties('h', base64Json([])), {});
  });

  test('a __proto__ key is kept as data', () => {
    const properties = decodeUserProperties('h', Buffer.from('[{"__proto__":"x"}]').toString('base64'));
    assert.deepEqual(Object.keys(properties), ['__proto__']);
    assert.equal(Object.getPrototypeOf(properties), Object.prototype);
  });

  test('anything but base64 of a JSON array of objects with string values is InvalidRequestException', () => {
    for (const header of ['%%%', Buffer.from('[{').toString('base64'), base64Json({ a: '1' }), base64Json(['a'])]) {
      assert.throws(
        () => decodeUserProperties('x-amz-mqtt5-user-properties', header),
        (error: unknown) =>
          error instanceof DomainError &&
          error.type === 'InvalidRequestException' &&
          error.message.startsWith('x-amz-mqtt5-user-properties must be base64'),
      );
    }
    assert.throws(() => decodeUserProperties('h', base64Json([{ a: 1 }])), DomainError);
    assert.throws(() => decodeUserProperties('h', base64Json([null])), DomainError);
  });

  test('encodeUserProperties is its inverse', () => {
    const properties = { a: ['1', '3'], b: '2' };
    const encoded = encodeUserProperties(properties);
    assert.deepEqual(JSON.parse(Buffer.from(encoded, 'base64').toString()), [{ a: '1' }, { a: '3' }, { b: '2' }]);
    assert.deepEqual(decodeUserProperties('h', encoded), properties);
  });
});

describe(decodeBase64.name, () => {
  test('accepts padded base64 and refuses anything else', () => {
    assert.equal(decodeBase64('f', 'cmVxdWVzdA==').toString(), 'request');
    assert.equal(decodeBase64('f', '').length, 0);
    for (const text of ['cmVxdWVzdA', 'abc$', 'a b=']) {
      assert.throws(() => decodeBase64('f', text), /f must be base64/);
    }
  });
});
