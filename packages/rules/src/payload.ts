import { toJsonText } from './values/json-text.js';
import { isObjectValue, type Value } from './values/value.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/**
 * The value a rule sees for a payload: the parsed JSON object, or the raw bytes when the payload is not a
 * JSON object (attributes of it are then Undefined and `SELECT *` passes the bytes through).
 */
export function parsePayload(bytes: Uint8Array): Value {
  if (bytes.length === 0 || (bytes[0] !== 0x7b && !isJsonWhitespace(bytes[0] as number))) return bytes;
  try {
    const value = JSON.parse(strictUtf8.decode(bytes)) as Value;
    return isObjectValue(value) ? value : bytes;
  } catch {
    return bytes;
  }
}

function isJsonWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** The outgoing payload of a rule output: bytes pass through, anything else is JSON text; Undefined is empty. */
export function outputPayload(output: Value): Uint8Array {
  if (output instanceof Uint8Array) return output;
  return encoder.encode(toJsonText(output));
}
