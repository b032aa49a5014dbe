import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { type ShadowError, shadowError } from './shadow.errors.js';
import type { ShadowLimits } from './shadow.limits.js';

export type ShadowSection = 'desired' | 'reported';

/** A validated `/update` request (or HTTP UpdateThingShadow body). */
export interface UpdateRequest {
  /** Absent: the request does not touch the section; `null`: drop the whole section; object: merge. */
  desired?: JsonObject | null;
  reported?: JsonObject | null;
  clientToken?: string;
  version?: number;
}

const JSON_WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

function isBlank(payload: Uint8Array | string): boolean {
  if (typeof payload === 'string') return payload.trim() === '';
  return payload.every((byte) => JSON_WHITESPACE.has(byte));
}

/** A validated `/get` or `/delete` request: only the clientToken is used. */
export interface TokenRequest {
  clientToken?: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Size guard, UTF-8 (415) and JSON syntax (400): steps 1–2 of the validation order. */
function parseJson(payload: Uint8Array | string, limits: ShadowLimits): unknown {
  const size = typeof payload === 'string' ? Buffer.byteLength(payload, 'utf8') : payload.byteLength;
  if (size > limits.maxRequestBytes) throw shadowError('SHADOW_ERR_TOO_LARGE');
  let text: string;
  if (typeof payload === 'string') {
    text = payload;
  } else {
    try {
      text = utf8.decode(payload);
    } catch {
      throw shadowError('SHADOW_ERR_UNSUPPORTED_ENCODING');
    }
  }
  try {
    return JSON.parse(text);
  } catch {
    throw shadowError('SHADOW_ERR_INVALID_JSON');
  }
}

function readClientToken(body: Record<string, unknown>, limits: ShadowLimits): string | undefined {
  if (!Object.hasOwn(body, 'clientToken')) return undefined;
  const token = body.clientToken;
  if (typeof token !== 'string' || Buffer.byteLength(token, 'utf8') > limits.maxClientTokenBytes) {
    throw shadowError('SHADOW_ERR_INVALID_CLIENT_TOKEN');
  }
  return token;
}

/** Nesting levels of a value: 0 for a scalar, 1 for an object or array of scalars, and so on. */
function nestingLevels(value: JsonValue): number {
  const children = Array.isArray(value) ? value : isJsonObject(value) ? Object.values(value) : undefined;
  if (children === undefined) return 0;
  let deepest = 0;
  for (const child of children) deepest = Math.max(deepest, nestingLevels(child));
  return 1 + deepest;
}

/** True when a `null` sits anywhere inside an array (an array element, or a member of an object in one). */
function hasNullInArray(value: JsonValue, insideArray = false): boolean {
  if (value === null) return insideArray;
  if (Array.isArray(value)) return value.some((item) => hasNullInArray(item, true));
  if (isJsonObject(value)) return Object.values(value).some((item) => hasNullInArray(item, insideArray));
  return false;
}

function readSection(state: Record<string, unknown>, section: ShadowSection): JsonObject | null | undefined {
  if (!Object.hasOwn(state, section)) return undefined;
  const value = state[section];
  if (value === null || isJsonObject(value)) return value as JsonObject | null;
  throw shadowError(section === 'desired' ? 'SHADOW_ERR_DESIRED_NOT_OBJECT' : 'SHADOW_ERR_REPORTED_NOT_OBJECT');
}

/**
 * Validates an update request in AWS's order (§1.11): UTF-8 → JSON → clientToken → state present and an
 * object → only desired/reported → each an object or null → version → nesting depth → no null in arrays.
 * The version match (409) and the merged size (413) need the stored shadow and are checked by
 * `applyUpdate`. Errors after the clientToken step carry the token.
 *
 * Choices where AWS is silent: a body that is JSON but not an object is "Invalid JSON"; a `null`
 * member of an object inside an array counts as a null in an array; `version` must be a
 * non-negative integer (`null` is not accepted); `"state": null` means `desired: null, reported: null`.
 */
export function parseUpdateRequest(payload: Uint8Array | string, limits: ShadowLimits): UpdateRequest {
  const body = parseJson(payload, limits);
  if (!isJsonObject(body)) throw shadowError('SHADOW_ERR_INVALID_JSON');
  const clientToken = readClientToken(body, limits);
  try {
    return { ...readUpdate(body, limits), ...(clientToken === undefined ? {} : { clientToken }) };
  } catch (error) {
    throw (error as ShadowError).withClientToken(clientToken);
  }
}

function readUpdate(body: JsonObject, limits: ShadowLimits): Omit<UpdateRequest, 'clientToken'> {
  if (!Object.hasOwn(body, 'state')) throw shadowError('SHADOW_ERR_MISSING_STATE');
  const state = body.state;
  if (state !== null && !isJsonObject(state)) throw shadowError('SHADOW_ERR_STATE_NOT_OBJECT');
  const request: Omit<UpdateRequest, 'clientToken'> = {};
  if (state === null) {
    request.desired = null;
    request.reported = null;
  } else {
    if (Object.keys(state).some((key) => key !== 'desired' && key !== 'reported')) {
      throw shadowError('SHADOW_ERR_INVALID_STATE_NODE');
    }
    const desired = readSection(state, 'desired');
    const reported = readSection(state, 'reported');
    if (desired !== undefined) request.desired = desired;
    if (reported !== undefined) request.reported = reported;
  }
  if (Object.hasOwn(body, 'version')) {
    const version = body.version;
    if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) {
      throw shadowError('SHADOW_ERR_INVALID_VERSION');
    }
    request.version = version;
  }
  for (const section of [request.desired, request.reported]) {
    if (section != null && nestingLevels(section) > limits.maxDepth) {
      throw shadowError('SHADOW_ERR_TOO_DEEP', limits.maxDepth);
    }
  }
  for (const section of [request.desired, request.reported]) {
    if (section != null && hasNullInArray(section)) throw shadowError('SHADOW_ERR_INVALID_JSON');
  }
  return request;
}

/**
 * Validates a `/get` or `/delete` payload: empty, or a JSON object whose `clientToken` (if any) is
 * valid. Other members, `version` included, are ignored (AWS documents no meaning for them).
 */
export function parseTokenRequest(payload: Uint8Array | string, limits: ShadowLimits): TokenRequest {
  if (isBlank(payload)) return {};
  const body = parseJson(payload, limits);
  if (!isJsonObject(body)) throw shadowError('SHADOW_ERR_INVALID_JSON');
  const clientToken = readClientToken(body, limits);
  return clientToken === undefined ? {} : { clientToken };
}
