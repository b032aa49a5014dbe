import type { ForwardedProperties } from '@meridian/broker';
import { DomainError } from '@meridian/contracts';

/**
 * MQTT 5 properties as the data-plane HTTP API carries them: user properties as base64 of a JSON
 * array of one-entry objects (`[{"k":"v"},{"k":"w"}]`), correlation data as base64, the payload
 * format as `UNSPECIFIED_BYTES` | `UTF8_DATA`.
 */
export type UserProperties = NonNullable<ForwardedProperties['userProperties']>;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const invalid = (message: string) => new DomainError('InvalidRequestException', message);

export function decodeBase64(field: string, text: string): Buffer {
  if (!BASE64.test(text)) throw invalid(`${field} must be base64`);
  return Buffer.from(text, 'base64');
}

/** `[{"k":"v"},{"k":"w"}]` → `{ k: ['v', 'w'] }`: repeated keys keep their order in an array. */
export function decodeUserProperties(field: string, header: string): UserProperties {
  const refusal = invalid(`${field} must be base64 of a JSON array of objects with string values`);
  let entries: unknown;
  try {
    entries = JSON.parse(decodeBase64(field, header).toString('utf8'));
  } catch {
    throw refusal;
  }
  if (!Array.isArray(entries)) throw refusal;
  const values = new Map<string, string[]>();
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw refusal;
    for (const [key, value] of Object.entries(entry)) {
      if (typeof value !== 'string') throw refusal;
      values.set(key, [...(values.get(key) ?? []), value]);
    }
  }
  // fromEntries defines own properties, so even a `__proto__` key stays data.
  return Object.fromEntries([...values].map(([key, list]) => [key, list.length === 1 ? list[0]! : list]));
}

/** The inverse of `decodeUserProperties`: base64 of `[{"k":"v"},...]`. */
export function encodeUserProperties(properties: UserProperties): string {
  const entries = Object.entries(properties).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).map((each) => ({ [key]: each })),
  );
  return Buffer.from(JSON.stringify(entries), 'utf8').toString('base64');
}
