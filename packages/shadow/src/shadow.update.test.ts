import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  deleteAcceptedDocument,
  documentsJson,
  errorDocument,
  getAcceptedDocument,
  type ShadowDocument,
} from './shadow.document.js';
import { shadowError } from './shadow.errors.js';
import { parseUpdateRequest } from './shadow.request.js';
import { applyUpdate, currentVersion, type UpdateOutcome } from './shadow.update.js';
import { assertRefused, body, limits } from './test-helpers.js';

const T1 = 1_700_000_000;
const T2 = 1_700_000_060;
const HOURS_48 = 48 * 3600;

/** Applies a JSON update request to a shadow as the service does (no tombstone). */
function update(shadow: ShadowDocument | undefined, request: unknown, now = T2, maxBytes = 8192): UpdateOutcome {
  return applyUpdate({
    shadow,
    version: currentVersion(shadow, undefined, now, HOURS_48),
    request: parseUpdateRequest(body(request), limits),
    now,
    limits: { maxDocumentBytes: maxBytes },
  });
}

const created = (request: unknown) => update(undefined, request, T1).document;

describe(applyUpdate.name, () => {
  test('§1.7 the first accepted update creates the shadow at version 1', () => {
    const outcome = update(undefined, { state: { reported: { on: true } } });
    assert.equal(outcome.document.version, 1);
    assert.equal(outcome.accepted.version, 1);
  });

  test('§1.7 every accepted update increments the version by one, even when nothing changes', () => {
    const first = created({ state: { reported: { on: true } } });
    const second = update(first, { state: { reported: { on: true } } }).document;
    const third = update(second, { state: {} }).document;
    assert.deepEqual([second.version, third.version], [2, 3]);
    assert.deepEqual(third.state, first.state);
  });

  test('§1.7 a stale version is refused with 409 "Version conflict" and the clientToken', () => {
    const shadow = update(created({ state: { desired: { a: 1 } } }), { state: { desired: { a: 2 } } }).document;
    assertRefused(() => update(shadow, { state: { desired: { a: 3 } }, version: 1, clientToken: 'old' }), {
      status: 409,
      type: 'ConflictException',
      message: 'Version conflict',
      clientToken: 'old',
    });
    assert.equal(update(shadow, { state: { desired: { a: 3 } }, version: 2 }).document.version, 3);
  });

  test('§1.7 an update without version is never checked against the stored version', () => {
    const shadow = update(created({ state: { desired: { a: 1 } } }), { state: { desired: { a: 2 } } }).document;
    assert.equal(update(shadow, { state: { desired: { a: 3 } } }).document.version, 3);
  });

  test('§1.3 a shadow that does not exist has version 0 for the version check', () => {
    assert.equal(update(undefined, { state: { desired: { a: 1 } }, version: 0 }).document.version, 1);
    assertRefused(() => update(undefined, { state: { desired: { a: 1 } }, version: 1 }), {
      status: 409,
      message: 'Version conflict',
    });
  });

  test('§1.3 413 when the merged desired+reported exceed 8 KB, even for a tiny update', () => {
    const nearlyFull = created({ state: { reported: { blob: 'x'.repeat(8000) } } });
    assertRefused(() => update(nearlyFull, { state: { desired: { note: 'y'.repeat(200) } }, clientToken: 'big' }), {
      status: 413,
      type: 'RequestEntityTooLargeException',
      message: 'The payload exceeds the maximum size allowed',
      clientToken: 'big',
    });
  });

  test('§1.12 metadata does not count towards the size limit, and the limit is a setting', () => {
    // 300 leaves: the data is ~4 KB, their metadata several times that.
    const leaves = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i]));
    const dataBytes = Buffer.byteLength(JSON.stringify(leaves));
    const outcome = update(undefined, { state: { desired: leaves } }, T1, dataBytes);
    assert.ok(Buffer.byteLength(JSON.stringify(outcome.document.metadata)) > dataBytes);
    assertRefused(() => update(undefined, { state: { desired: leaves } }, T1, dataBytes - 1), {
      status: 413,
      message: 'The payload exceeds the maximum size allowed',
    });
  });

  test('§1.3 the size check counts the merged result, so removals in a request make room for its additions', () => {
    const large = created({ state: { reported: { blob: 'x'.repeat(6000) } } });
    assert.ok(update(large, { state: { reported: { blob: null, other: 'y'.repeat(3000) } } }, T2, 8192).document);
  });

  test('§1.5 /update/accepted echoes only what the request wrote, nulls included, with per-leaf metadata', () => {
    const shadow = created({ state: { desired: { a: 1, b: 2 }, reported: { a: 1 } } });
    const outcome = update(shadow, { state: { desired: { a: 5, b: null, rgb: [1, 2] } } });
    assert.deepEqual(outcome.accepted, {
      state: { desired: { a: 5, b: null, rgb: [1, 2] } },
      metadata: {
        desired: { a: { timestamp: T2 }, b: { timestamp: T2 }, rgb: [{ timestamp: T2 }, { timestamp: T2 }] },
      },
      version: 2,
      timestamp: T2,
    });
  });

  test('§1.5 /update/accepted of "state": null shows both sections written as null', () => {
    const outcome = update(created({ state: { desired: { a: 1 } } }), { state: null });
    assert.deepEqual(outcome.accepted.state, { desired: null, reported: null });
    assert.deepEqual(outcome.accepted.metadata, { desired: { timestamp: T2 }, reported: { timestamp: T2 } });
  });

  test('§1.3 "state": null empties the document but the shadow stays and its version increments', () => {
    const outcome = update(created({ state: { desired: { a: 1 }, reported: { a: 2 } } }), { state: null });
    assert.deepEqual(outcome.document, { version: 2, state: {}, metadata: {}, timestamp: T2 });
  });

  test('§1.4 desired and reported may be updated in one request', () => {
    const outcome = update(undefined, { state: { desired: { on: true }, reported: { on: false } } });
    assert.deepEqual(outcome.document.state, { desired: { on: true }, reported: { on: false } });
    assert.deepEqual(outcome.document.metadata, {
      desired: { on: { timestamp: T2 } },
      reported: { on: { timestamp: T2 } },
    });
  });

  test('§1.8 the clientToken is echoed in /update/accepted, /update/documents and /update/delta', () => {
    const outcome = update(undefined, { state: { desired: { on: true } }, clientToken: 'tok' });
    assert.equal(outcome.accepted.clientToken, 'tok');
    assert.equal(outcome.documents.clientToken, 'tok');
    assert.equal(outcome.delta?.clientToken, 'tok');
  });

  test('§1.8 without a clientToken in the request no response carries one', () => {
    const outcome = update(undefined, { state: { desired: { on: true } } });
    for (const document of [outcome.accepted, outcome.documents, outcome.delta]) {
      assert.equal(document !== undefined && 'clientToken' in document, false);
    }
  });

  test('§1.8 the clientToken is not stored', () => {
    const outcome = update(undefined, { state: { desired: { on: true } }, clientToken: 'tok' });
    assert.equal(JSON.stringify(outcome.document).includes('tok'), false);
  });

  test('§1.5 /update/documents holds the full previous and current documents', () => {
    const shadow = created({ state: { desired: { a: 1 }, reported: { a: 1 } } });
    const outcome = update(shadow, { state: { reported: { b: 2 } } });
    assert.deepEqual(outcome.documents, {
      previous: {
        state: { desired: { a: 1 }, reported: { a: 1 } },
        metadata: { desired: { a: { timestamp: T1 } }, reported: { a: { timestamp: T1 } } },
        version: 1,
      },
      current: {
        state: { desired: { a: 1 }, reported: { a: 1, b: 2 } },
        metadata: { desired: { a: { timestamp: T1 } }, reported: { a: { timestamp: T1 }, b: { timestamp: T2 } } },
        version: 2,
      },
      timestamp: T2,
    });
  });

  test('§1.5 /update/documents has "previous": null when the update creates the shadow', () => {
    assert.equal(update(undefined, { state: { reported: { a: 1 } } }).documents.previous, null);
  });

  test('§1.6 /update/delta is produced when an update with desired leaves a difference', () => {
    const shadow = created({ state: { reported: { on: false, level: 1 } } });
    const outcome = update(shadow, { state: { desired: { on: true, level: 1 } } });
    assert.deepEqual(outcome.delta, {
      version: 2,
      timestamp: T2,
      state: { on: true },
      metadata: { on: { timestamp: T2 } },
    });
  });

  test('§1.6 no /update/delta when desired matches reported', () => {
    const shadow = created({ state: { reported: { on: true } } });
    assert.equal(update(shadow, { state: { desired: { on: true } } }).delta, undefined);
  });

  test('§1.6 a reported-only update produces no /update/delta even when a difference remains', () => {
    const shadow = created({ state: { desired: { on: true, level: 5 } } });
    assert.equal(update(shadow, { state: { reported: { level: 1 } } }).delta, undefined);
  });

  test('§1.6 /update/delta holds every differing desired key, not only those of the update', () => {
    const shadow = created({ state: { desired: { a: 1 }, reported: { a: 0 } } });
    const outcome = update(shadow, { state: { desired: { b: 2 } } });
    assert.deepEqual(outcome.delta?.state, { a: 1, b: 2 });
    assert.deepEqual(outcome.delta?.metadata, { a: { timestamp: T1 }, b: { timestamp: T2 } });
  });
});

describe(currentVersion.name, () => {
  const deleted = { version: 7, deletedAt: T1 };

  test('§1.7 a shadow re-created within 48 h of its deletion continues from the deleted version', () => {
    assert.equal(currentVersion(undefined, deleted, T1 + HOURS_48 - 1, HOURS_48), 7);
  });

  test('§1.7 a shadow re-created 48 h or more after its deletion starts again at version 1', () => {
    assert.equal(currentVersion(undefined, deleted, T1 + HOURS_48, HOURS_48), 0);
  });
});

describe('response documents', () => {
  test('§1.5 /get/accepted holds the whole document, delta only when non-empty, sections only when non-empty', () => {
    const shadow = created({ state: { desired: { on: true }, reported: { on: false } }, clientToken: 'c' });
    assert.deepEqual(getAcceptedDocument(shadow, T2, 'g'), {
      state: { desired: { on: true }, reported: { on: false }, delta: { on: true } },
      metadata: { desired: { on: { timestamp: T1 } }, reported: { on: { timestamp: T1 } } },
      version: 1,
      timestamp: T2,
      clientToken: 'g',
    });
    const settled = created({ state: { reported: { on: false } } });
    assert.deepEqual(getAcceptedDocument(settled, T2), {
      state: { reported: { on: false } },
      metadata: { reported: { on: { timestamp: T1 } } },
      version: 1,
      timestamp: T2,
    });
  });

  test('§1.5 /delete/accepted is { version, timestamp } and echoes a clientToken', () => {
    assert.deepEqual(deleteAcceptedDocument(4, T2), { version: 4, timestamp: T2 });
    assert.deepEqual(deleteAcceptedDocument(4, T2, 'd'), { version: 4, timestamp: T2, clientToken: 'd' });
  });

  test('§1.10 the error document is { code, message, timestamp } plus the clientToken when known', () => {
    assert.deepEqual(errorDocument(shadowError('SHADOW_ERR_VERSION_CONFLICT').withClientToken('e'), T2), {
      code: 409,
      message: 'Version conflict',
      timestamp: T2,
      clientToken: 'e',
    });
    assert.deepEqual(errorDocument(shadowError('SHADOW_ERR_NOT_FOUND', 'lamp'), T2), {
      code: 404,
      message: "No shadow exists with name: 'lamp'",
      timestamp: T2,
    });
  });
});

describe('serialized documents', () => {
  const cases: Array<[string, unknown, unknown]> = [
    [
      'a new shadow',
      undefined,
      { state: { desired: { on: true }, reported: { on: false } }, clientToken: 'ab"c\u00e9' },
    ],
    [
      'desired only, no token',
      { state: { desired: { level: 1 } } },
      { state: { desired: { level: [1, 2, { x: 'é' }] } } },
    ],
    ['reported only', { state: { reported: { t: 20 } } }, { state: { reported: { t: 21.5 } }, clientToken: 't' }],
    ['every section removed', { state: { desired: { a: 1 }, reported: { b: 2 } } }, { state: null }],
  ];
  for (const [name, before, request] of cases) {
    test(`the update's JSON text and the /update/documents text equal JSON.stringify (${name})`, () => {
      const shadow = before === undefined ? undefined : created(before);
      const outcome = update(shadow, request);
      assert.deepEqual(outcome.serialized, {
        state: JSON.stringify(outcome.document.state),
        metadata: JSON.stringify(outcome.document.metadata),
      });
      const expected = JSON.stringify(outcome.documents);
      const previous =
        shadow === undefined
          ? undefined
          : { state: JSON.stringify(shadow.state), metadata: JSON.stringify(shadow.metadata) };
      assert.equal(documentsJson(outcome.documents, previous, outcome.serialized), expected, 'with the stored text');
      assert.equal(documentsJson(outcome.documents, undefined, outcome.serialized), expected, 'without it');
    });
  }

  test('§1.12 the size limit counts the UTF-8 bytes of desired + reported', () => {
    const shadow = created({ state: { reported: { s: 'é'.repeat(10) } } });
    // {"s":"éééééééééé"} is 28 bytes (each é is 2), {"d":"x"} is 9.
    assert.equal(update(shadow, { state: { desired: { d: 'x' } } }, T2, 37).document.version, 2);
    assertRefused(() => update(shadow, { state: { desired: { d: 'xx' } } }, T2, 37), {
      status: 413,
      message: 'The payload exceeds the maximum size allowed',
    });
  });
});
