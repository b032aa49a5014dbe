import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseTokenRequest, parseUpdateRequest } from './shadow.request.js';
import { assertRefused, body, limits } from './test-helpers.js';

const nested = (levels: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < levels; i += 1) value = { [`l${i}`]: value };
  return value;
};

describe(parseUpdateRequest.name, () => {
  test('§1.3 a request with state.desired and state.reported, clientToken and version is accepted', () => {
    const request = parseUpdateRequest(
      body({ state: { desired: { on: true }, reported: { on: false } }, clientToken: 't-1', version: 3 }),
      limits,
    );
    assert.deepEqual(request, { desired: { on: true }, reported: { on: false }, clientToken: 't-1', version: 3 });
  });

  test('§1.10 415 a body that is not UTF-8 is refused with "Unsupported documented encoding"', () => {
    assertRefused(() => parseUpdateRequest(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), limits), {
      status: 415,
      type: 'UnsupportedDocumentEncodingException',
      message: 'Unsupported documented encoding; supported encoding is UTF-8',
    });
  });

  test('§1.10 400 a body that is not JSON is refused with "Invalid JSON"', () => {
    assertRefused(() => parseUpdateRequest(Buffer.from('{"state": '), limits), {
      status: 400,
      message: 'Invalid JSON',
    });
  });

  test('§1.10 400 JSON that is not an object is refused with "Invalid JSON"', () => {
    for (const text of ['[]', '42', '"state"', 'null']) {
      assertRefused(() => parseUpdateRequest(text, limits), { status: 400, message: 'Invalid JSON' });
    }
  });

  test('§1.8 a clientToken longer than 64 bytes of UTF-8 is refused with "Invalid clientToken"', () => {
    assert.equal(parseUpdateRequest(body({ state: {}, clientToken: 'x'.repeat(64) }), limits).clientToken?.length, 64);
    assertRefused(() => parseUpdateRequest(body({ state: {}, clientToken: 'x'.repeat(65) }), limits), {
      status: 400,
      message: 'Invalid clientToken',
    });
    // 22 characters, 66 bytes
    assertRefused(() => parseUpdateRequest(body({ state: {}, clientToken: '€'.repeat(22) }), limits), {
      status: 400,
      message: 'Invalid clientToken',
    });
  });

  test('§1.8 a clientToken that is not a string is refused with "Invalid clientToken"', () => {
    assertRefused(() => parseUpdateRequest(body({ state: {}, clientToken: 12 }), limits), {
      status: 400,
      message: 'Invalid clientToken',
    });
  });

  test('§1.3 state is required: "Missing required node: state", with the clientToken echoed', () => {
    assertRefused(() => parseUpdateRequest(body({ clientToken: 'abc', desired: {} }), limits), {
      status: 400,
      message: 'Missing required node: state',
      clientToken: 'abc',
    });
  });

  test('§1.3 state must be an object or null: "State node must be an object"', () => {
    for (const state of [1, 'on', [], true]) {
      assertRefused(() => parseUpdateRequest(body({ state, clientToken: 'c' }), limits), {
        status: 400,
        message: 'State node must be an object',
        clientToken: 'c',
      });
    }
  });

  test('§1.3 only desired and reported are allowed under state: "State contains an invalid node"', () => {
    for (const state of [{ delta: {} }, { desired: {}, metadata: {} }, { Desired: {} }]) {
      assertRefused(() => parseUpdateRequest(body({ state }), limits), {
        status: 400,
        message: 'State contains an invalid node',
      });
    }
  });

  test('§1.3 desired must be an object or null: "Desired node must be an object"', () => {
    assertRefused(() => parseUpdateRequest(body({ state: { desired: [1] } }), limits), {
      status: 400,
      message: 'Desired node must be an object',
    });
  });

  test('§1.3 reported must be an object or null: "Reported node must be an object"', () => {
    assertRefused(() => parseUpdateRequest(body({ state: { reported: 'on' } }), limits), {
      status: 400,
      message: 'Reported node must be an object',
    });
  });

  test('§1.3 version must be a non-negative integer: "Invalid version"', () => {
    for (const version of [1.5, '2', -1, null, 2 ** 53]) {
      assertRefused(() => parseUpdateRequest(body({ state: {}, version, clientToken: 'v' }), limits), {
        status: 400,
        message: 'Invalid version',
        clientToken: 'v',
      });
    }
    assert.equal(parseUpdateRequest(body({ state: {}, version: 0 }), limits).version, 0);
  });

  test('§1.3 nesting depth: desired itself is level 1, deeper than 6 levels is refused', () => {
    const sixLevels = nested(6);
    assert.deepEqual(parseUpdateRequest(body({ state: { desired: sixLevels } }), limits).desired, sixLevels);
    assertRefused(() => parseUpdateRequest(body({ state: { reported: nested(7) } }), limits), {
      status: 400,
      message: 'JSON contains too many levels of nesting; maximum is 6',
    });
    // Arrays count as levels too.
    assertRefused(() => parseUpdateRequest(body({ state: { desired: { a: [[[[[[1]]]]]] } } }), limits), {
      status: 400,
      message: 'JSON contains too many levels of nesting; maximum is 6',
    });
  });

  test('§1.12 the nesting limit is a setting', () => {
    const deeper = { ...limits, maxDepth: 8 };
    assert.ok(parseUpdateRequest(body({ state: { desired: nested(8) } }), deeper).desired);
    assertRefused(() => parseUpdateRequest(body({ state: { desired: nested(9) } }), deeper), {
      status: 400,
      message: 'JSON contains too many levels of nesting; maximum is 8',
    });
  });

  test('§1.3 arrays must not contain null: "Invalid JSON"', () => {
    for (const desired of [{ a: [1, null] }, { a: { b: [[null]] } }, { a: [{ b: null }] }]) {
      assertRefused(() => parseUpdateRequest(body({ state: { desired }, clientToken: 'n' }), limits), {
        status: 400,
        message: 'Invalid JSON',
        clientToken: 'n',
      });
    }
  });

  test('§1.11 problems are reported in the recommended order', () => {
    const order: Array<[unknown, string]> = [
      [{ clientToken: 5 }, 'Invalid clientToken'],
      [{ version: 'x', desired: {} }, 'Missing required node: state'],
      [{ state: 2, version: 'x' }, 'State node must be an object'],
      [{ state: { desired: 1, other: {} } }, 'State contains an invalid node'],
      [{ state: { desired: 1 }, version: 'x' }, 'Desired node must be an object'],
      [{ state: { desired: nested(7) }, version: 'x' }, 'Invalid version'],
      [{ state: { desired: { ...nested(7), a: [null] } } }, 'JSON contains too many levels of nesting; maximum is 6'],
    ];
    for (const [request, message] of order) {
      assertRefused(() => parseUpdateRequest(body(request), limits), { status: 400, message });
    }
  });

  test('§1.3 top-level keys other than state, clientToken and version are ignored', () => {
    const request = parseUpdateRequest(
      body({ state: { desired: { a: 1 } }, metadata: { x: 1 }, timestamp: 5 }),
      limits,
    );
    assert.deepEqual(request, { desired: { a: 1 } });
  });

  test('§1.3 "state": null drops both sections', () => {
    assert.deepEqual(parseUpdateRequest(body({ state: null }), limits), { desired: null, reported: null });
  });

  test('§1.12 a body larger than the request limit is refused with 413 before it is parsed', () => {
    const small = { ...limits, maxRequestBytes: 32 };
    assertRefused(() => parseUpdateRequest(`{"state":{"desired":{"a":"${'x'.repeat(40)}"}}}`, small), {
      status: 413,
      message: 'The payload exceeds the maximum size allowed',
    });
  });
});

describe(parseTokenRequest.name, () => {
  test('§1.2 an empty /get or /delete payload is a request without clientToken', () => {
    assert.deepEqual(parseTokenRequest(Buffer.alloc(0), limits), {});
    assert.deepEqual(parseTokenRequest(' \n', limits), {});
  });

  test('§1.8 the clientToken of a /get or /delete payload is read; version and other keys are ignored', () => {
    assert.deepEqual(parseTokenRequest(body({ clientToken: 'g-1', version: 4, state: 1 }), limits), {
      clientToken: 'g-1',
    });
  });

  test('§1.10 a /get or /delete payload that is not a JSON object is refused with "Invalid JSON"', () => {
    assertRefused(() => parseTokenRequest('{', limits), { status: 400, message: 'Invalid JSON' });
    assertRefused(() => parseTokenRequest('[1]', limits), { status: 400, message: 'Invalid JSON' });
    assertRefused(() => parseTokenRequest(body({ clientToken: 'x'.repeat(65) }), limits), {
      status: 400,
      message: 'Invalid clientToken',
    });
  });
});
