import { DomainError } from '@meridian/contracts';
import type { Attributes } from './registry.store.js';
import type { AttributePayload } from './registry.types.js';

/** AWS IoT registry limits (botocore constraints and the developer guide). */
export const REGISTRY_LIMITS = {
  nameLength: 128,
  attributeNameLength: 128,
  attributeValueLength: 800,
  attributesWithoutThingType: 3,
  attributesWithThingType: 50,
  thingGroupAttributes: 50,
  searchableAttributes: 3,
  descriptionLength: 2028,
  thingGroupDepth: 7,
  childGroups: 100,
  groupsPerThing: 10,
  maxResults: 250,
} as const;

const NAME = /^[a-zA-Z0-9:_-]+$/;
const ATTRIBUTE_NAME = /^[a-zA-Z0-9_.,@/:#-]+$/;
const ATTRIBUTE_VALUE = /^[a-zA-Z0-9_.,@/:#=[\]-]*$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse control characters
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

export const invalidRequest = (message: string) => new DomainError('InvalidRequestException', message);

export function isValidName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= REGISTRY_LIMITS.nameLength && NAME.test(value);
}

/** Thing, thing type and thing group names: 1–128 characters of `[a-zA-Z0-9:_-]`. */
export function requireName(field: string, value: unknown): string {
  if (!isValidName(value)) {
    throw invalidRequest(`${field} must be 1-128 characters of a-z, A-Z, 0-9, ':', '_' or '-'`);
  }
  return value;
}

export function requireAttributeName(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length > REGISTRY_LIMITS.attributeNameLength || !ATTRIBUTE_NAME.test(value)) {
    throw invalidRequest(`${field} must be 1-128 characters of a-z, A-Z, 0-9 or _.,@/:#-`);
  }
  return value;
}

export function requireAttributeValue(field: string, value: unknown): string {
  if (
    typeof value !== 'string' ||
    value.length > REGISTRY_LIMITS.attributeValueLength ||
    !ATTRIBUTE_VALUE.test(value)
  ) {
    throw invalidRequest(`${field} must be at most 800 characters of a-z, A-Z, 0-9 or _.,@/:#=[]-`);
  }
  return value;
}

export function requireDescription(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length > REGISTRY_LIMITS.descriptionLength || CONTROL_CHARACTER.test(value)) {
    throw invalidRequest(
      `${field} must be at most ${REGISTRY_LIMITS.descriptionLength} characters without control characters`,
    );
  }
  return value;
}

export function optionalBoolean(field: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw invalidRequest(`${field} must be a boolean`);
  return value;
}

export function optionalVersion(field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw invalidRequest(`${field} must be a whole number`);
  return value as number;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A validated copy of an attribute map (empty values kept: they mean "remove" when merging). */
export function checkAttributes(value: unknown): Attributes {
  if (value === undefined) return {};
  if (!isPlainObject(value)) throw invalidRequest('attributes must be an object of string values');
  // fromEntries defines own properties, so even a `__proto__` attribute is kept as data.
  return Object.fromEntries(
    Object.entries(value).map(([name, attributeValue]) => [
      requireAttributeName('attribute name', name),
      requireAttributeValue(`attribute '${name}'`, attributeValue),
    ]),
  );
}

function checkPayload(payload: unknown): { attributes: Attributes; merge: boolean } {
  if (!isPlainObject(payload)) throw invalidRequest('attributePayload must be an object');
  return { attributes: checkAttributes(payload.attributes), merge: optionalBoolean('merge', payload.merge) };
}

const withoutEmptyValues = (attributes: Attributes): Attributes =>
  Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== ''));

/**
 * The attribute map after a create or update. `merge=false` (and every create) replaces the stored map;
 * `merge=true` overlays it. An attribute given `""` is removed, or never stored, in both cases.
 */
export function applyAttributePayload(current: Attributes, payload: AttributePayload | undefined): Attributes {
  if (payload === undefined) return { ...current };
  const { attributes, merge } = checkPayload(payload);
  return withoutEmptyValues(merge ? { ...current, ...attributes } : attributes);
}

/** The attribute map of a create: `merge` has no meaning there. */
export function initialAttributes(payload: AttributePayload | undefined): Attributes {
  if (payload === undefined) return {};
  return withoutEmptyValues(checkPayload(payload).attributes);
}

export function checkAttributeCount(attributes: Attributes, limit: number, reason: string): void {
  const count = Object.keys(attributes).length;
  if (count > limit) throw invalidRequest(`${reason} can have at most ${limit} attributes (got ${count})`);
}

export function sameAttributes(a: Attributes, b: Attributes): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}

export function requireVersion(kind: string, name: string, stored: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== stored) {
    throw new DomainError(
      'VersionConflictException',
      `${kind} ${name} is at version ${stored}, the request expected version ${expected}`,
    );
  }
}

export const notFound = (kind: string, name: string) =>
  new DomainError('ResourceNotFoundException', `${kind} ${name} does not exist`);
