import { createHash } from 'node:crypto';
import type { Expr } from '../sql/ast.js';
import { toStringValue } from '../values/conversions.js';
import type { Value } from '../values/value.js';
import { md2Hex } from './md2.js';
import { defineFunction, type SqlFunction } from './sql-function.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The encoding scheme argument must be 'base64' when it is written as a literal. */
function checkScheme(args: readonly Expr[]): string | undefined {
  const scheme = args[1];
  if (scheme?.kind === 'literal' && (typeof scheme.value !== 'string' || scheme.value.toLowerCase() !== 'base64')) {
    return `only the 'base64' scheme is supported`;
  }
  return undefined;
}

const isBase64Scheme = (scheme: Value): boolean => typeof scheme === 'string' && scheme.toLowerCase() === 'base64';

function hashFunction(name: string, digest: (bytes: Buffer) => string): SqlFunction {
  return defineFunction(name, 1, '2015-10-08', ([value]) => {
    const text = toStringValue(value);
    return text === undefined ? undefined : digest(Buffer.from(text, 'utf8'));
  });
}

const nodeHash = (algorithm: string) => (bytes: Buffer) => createHash(algorithm).update(bytes).digest('hex');

/**
 * `decode(s, 'base64')`: text that is JSON becomes that value, other text stays a string; bytes that are
 * not UTF-8 text stay binary; a string that is not base64 gives Null.
 */
function decodeBase64(encoded: string): Value {
  if (!BASE64.test(encoded)) return null;
  const bytes = Buffer.from(encoded, 'base64');
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return new Uint8Array(bytes);
  }
  try {
    return JSON.parse(text) as Value;
  } catch {
    return text;
  }
}

export const encodingFunctions: readonly SqlFunction[] = [
  /** `encode(*, 'base64')` receives the raw payload bytes (see the evaluators); other values are converted to String. */
  defineFunction(
    'encode',
    2,
    '2016-03-23',
    ([value, scheme]) => {
      if (!isBase64Scheme(scheme as Value)) return undefined;
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      const text = toStringValue(value);
      return text === undefined ? undefined : Buffer.from(text, 'utf8').toString('base64');
    },
    checkScheme,
  ),
  defineFunction(
    'decode',
    2,
    '2016-03-23',
    ([value, scheme]) => {
      if (!isBase64Scheme(scheme as Value)) return undefined;
      const text = toStringValue(value);
      return text === undefined ? undefined : decodeBase64(text);
    },
    checkScheme,
  ),
  hashFunction('md2', md2Hex),
  hashFunction('md5', nodeHash('md5')),
  hashFunction('sha1', nodeHash('sha1')),
  hashFunction('sha224', nodeHash('sha224')),
  hashFunction('sha256', nodeHash('sha256')),
  hashFunction('sha384', nodeHash('sha384')),
  hashFunction('sha512', nodeHash('sha512')),
  defineFunction('newuuid', 0, '2015-10-08', (_args, _message, runtime) => runtime.env.newUuid()),
];
