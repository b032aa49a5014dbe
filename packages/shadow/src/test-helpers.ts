import assert from 'node:assert/strict';
import { DomainError } from '@meridian/contracts';
import { defaultShadowLimits, type ShadowLimits } from './shadow.limits.js';

export const limits: ShadowLimits = { ...defaultShadowLimits };

export interface ExpectedRefusal {
  status: number;
  message: string;
  type?: string;
  clientToken?: string;
}

function matches(error: unknown, expected: ExpectedRefusal): true {
  assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`);
  assert.equal(error.statusCode, expected.status);
  assert.equal(error.message, expected.message);
  if (expected.type !== undefined) assert.equal(error.type, expected.type);
  assert.equal(error.extra.clientToken, expected.clientToken);
  return true;
}

export function assertRefused(run: () => unknown, expected: ExpectedRefusal): void {
  assert.throws(run, (error) => matches(error, expected));
}

export async function assertRefusedAsync(run: () => Promise<unknown>, expected: ExpectedRefusal): Promise<void> {
  await assert.rejects(run, (error) => matches(error, expected));
}

/** A JSON request body as bytes, the way MQTT delivers it. */
export const body = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
