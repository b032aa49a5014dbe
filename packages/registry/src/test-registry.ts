import assert from 'node:assert/strict';
import { DomainError, type DomainErrorType } from '@meridian/contracts';
import { MemoryRegistryStore } from './memory-registry.store.js';
import type { RegistryChange } from './registry.events.js';
import { RegistryService } from './registry.service.js';
import type { RegistryStore } from './registry.store.js';

export const START_MS = 1_700_000_000_000;
export const ARN_PREFIX = 'arn:aws:iot:us-east-1:123456789012';
export const certArn = (n: number) => `${ARN_PREFIX}:cert/${n.toString(16).padStart(64, '0')}`;

/** A RegistryService over a memory store with a settable clock, numbered ids and a set of known principals. */
export function newTestRegistry(store: RegistryStore = new MemoryRegistryStore()) {
  let nowMs = START_MS;
  let nextId = 0;
  const principals = new Set<string>([certArn(1), certArn(2), certArn(3)]);
  const changes: RegistryChange[] = [];
  const sut = new RegistryService({
    store,
    principalExists: (arn) => principals.has(arn),
    now: () => nowMs,
    newId: () => `id-${++nextId}`,
  });
  sut.onChange((change) => changes.push(change));
  return {
    sut,
    mocks: {
      store,
      principals,
      changes,
      advanceClock: (ms: number) => {
        nowMs += ms;
      },
    },
  };
}

/** Asserts that `promise` rejects with a DomainError of `type` whose message matches `message`. */
export async function rejectsWith(
  promise: Promise<unknown>,
  type: DomainErrorType,
  message?: RegExp,
): Promise<DomainError> {
  let caught: unknown;
  await assert.rejects(promise, (error) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof DomainError, `expected a DomainError, got ${String(caught)}`);
  assert.equal(caught.type, type, caught.message);
  if (message) assert.match(caught.message, message);
  return caught;
}
