import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import {
  ALGORITHM_IDENTIFIER,
  getCanonicalHeaders,
  getSigningKey,
  SignatureV4Base,
  UNSIGNED_PAYLOAD,
} from '@smithy/signature-v4';
import { AwsApiError } from './aws-api-error.js';

/** The parts of an HTTP request that Signature Version 4 covers. */
export interface SignedRequest {
  method: string;
  /** Path and query exactly as they appeared on the request line (still percent-encoded). */
  url: string;
  /** Node's header object: lower-case names. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer | undefined;
}

export interface SigV4VerifyOptions<Credentials extends { secretAccessKey: string }> {
  credentialsFor(accessKeyId: string): Credentials | undefined;
  now: Date;
  /** AWS refuses signatures more than 5 minutes away from its clock. */
  maxClockSkewMs?: number;
}

export interface SignatureParts {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** `YYYYMMDDTHHMMSSZ` */
  requestTime: string;
  /** Set for presigned URLs (`X-Amz-Expires`). */
  expiresInSeconds?: number;
}

const DEFAULT_MAX_SKEW_MS = 5 * 60_000;
const MAX_PRESIGNED_EXPIRY_SECONDS = 7 * 24 * 3600;
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const REQUEST_TIME_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const Sha256 = Hash.bind(null, 'sha256');

const MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

const incomplete = (message: string) => new AwsApiError('IncompleteSignatureException', message);
const invalid = (message: string) => new AwsApiError('InvalidSignatureException', message);

/** SignatureV4's canonical-request builder (path normalisation and double encoding included), reused as is. */
class CanonicalRequest extends SignatureV4Base {
  constructor() {
    super({
      service: 'verify',
      region: 'verify',
      credentials: { accessKeyId: '', secretAccessKey: '' },
      sha256: Sha256,
    });
  }

  async stringToSign(
    request: Parameters<typeof getCanonicalHeaders>[0],
    canonicalHeaders: Record<string, string>,
    payloadHash: string,
    requestTime: string,
    scope: string,
  ): Promise<string> {
    const canonical = this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
    return this.createStringToSign(requestTime, scope, canonical, ALGORITHM_IDENTIFIER);
  }
}
const canonicalRequest = new CanonicalRequest();

function headerValue(headers: SignedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function splitUrl(url: string): { path: string; rawQuery: string } {
  const mark = url.indexOf('?');
  return mark < 0 ? { path: url, rawQuery: '' } : { path: url.slice(0, mark), rawQuery: url.slice(mark + 1) };
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Query parameters decoded once; `+` stays a plus (SigV4 clients encode spaces as `%20`). */
export function parseRawQuery(rawQuery: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = Object.create(null);
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = decodeComponent(equals < 0 ? pair : pair.slice(0, equals));
    const value = equals < 0 ? '' : decodeComponent(pair.slice(equals + 1));
    const previous = query[key];
    query[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return query;
}

function single(query: Record<string, string | string[]>, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseCredential(credential: string | undefined) {
  const parts = credential?.split('/') ?? [];
  if (parts.length !== 5 || parts.some((part) => part === '') || parts[4] !== 'aws4_request') {
    throw incomplete(
      "Credential must have the form '<access key id>/<YYYYMMDD>/<region>/<service>/aws4_request', got " +
        `'${credential ?? ''}'.`,
    );
  }
  const [accessKeyId, scopeDate, region, service] = parts as [string, string, string, string];
  return { accessKeyId, scopeDate, region, service };
}

function parseSignedHeaders(list: string | undefined): string[] {
  const names = (list ?? '').split(';').filter((name) => name !== '');
  if (names.length === 0) throw incomplete("The 'SignedHeaders' parameter is missing or empty.");
  return names.map((name) => name.toLowerCase());
}

/** Reads `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`. */
function fromAuthorizationHeader(authorization: string, headers: SignedRequest['headers']): SignatureParts {
  const space = authorization.indexOf(' ');
  const algorithm = space < 0 ? authorization : authorization.slice(0, space);
  if (algorithm !== ALGORITHM_IDENTIFIER) {
    throw incomplete(`Unsupported Authorization scheme '${algorithm}': only ${ALGORITHM_IDENTIFIER} is accepted.`);
  }
  const fields = new Map<string, string>();
  for (const field of authorization.slice(space + 1).split(',')) {
    const equals = field.indexOf('=');
    if (equals > 0) fields.set(field.slice(0, equals).trim(), field.slice(equals + 1).trim());
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((name) => !fields.get(name));
  if (missing.length > 0) {
    throw incomplete(missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' '));
  }
  const requestTime = headerValue(headers, 'x-amz-date');
  if (!requestTime) throw incomplete("Authorization header requires existence of a 'X-Amz-Date' header.");
  return {
    ...parseCredential(fields.get('Credential')),
    signedHeaders: parseSignedHeaders(fields.get('SignedHeaders')),
    signature: fields.get('Signature') ?? '',
    requestTime,
  };
}

/** Reads a presigned URL's `X-Amz-Algorithm`, `X-Amz-Credential`, … query parameters. */
function fromPresignedQuery(query: Record<string, string | string[]>): SignatureParts {
  const algorithm = single(query, 'X-Amz-Algorithm');
  if (algorithm !== ALGORITHM_IDENTIFIER) {
    throw incomplete(`Unsupported X-Amz-Algorithm '${algorithm}': only ${ALGORITHM_IDENTIFIER} is accepted.`);
  }
  const missing = ['X-Amz-Credential', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Expires'].filter(
    (name) => !single(query, name),
  );
  if (missing.length > 0) throw incomplete(`Presigned URL requires the query parameters ${missing.join(', ')}.`);
  const expires = Number(single(query, 'X-Amz-Expires'));
  if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGNED_EXPIRY_SECONDS) {
    throw incomplete(`X-Amz-Expires must be a whole number of seconds from 1 to ${MAX_PRESIGNED_EXPIRY_SECONDS}.`);
  }
  return {
    ...parseCredential(single(query, 'X-Amz-Credential')),
    signedHeaders: parseSignedHeaders(single(query, 'X-Amz-SignedHeaders')),
    signature: single(query, 'X-Amz-Signature') ?? '',
    requestTime: single(query, 'X-Amz-Date') ?? '',
    expiresInSeconds: expires,
  };
}

function parseRequestTime(requestTime: string): Date {
  const match = REQUEST_TIME_PATTERN.exec(requestTime);
  const time = match ? Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!, +match[4]!, +match[5]!, +match[6]!) : NaN;
  if (Number.isNaN(time)) {
    throw incomplete(`Date must be in ISO-8601 basic format (YYYYMMDD'T'HHMMSS'Z'), got '${requestTime}'.`);
  }
  return new Date(time);
}

const basicFormat = (date: Date) =>
  date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');

function checkClock(parts: SignatureParts, signedAt: Date, now: Date, maxSkewMs: number): void {
  const minutes = `${maxSkewMs / 60_000} min.`;
  if (parts.expiresInSeconds !== undefined) {
    const expiresAt = new Date(signedAt.getTime() + parts.expiresInSeconds * 1000);
    if (expiresAt < now) {
      throw invalid(`Signature expired: ${basicFormat(expiresAt)} is now earlier than ${basicFormat(now)}.`);
    }
  } else {
    const earliest = new Date(now.getTime() - maxSkewMs);
    if (signedAt < earliest) {
      throw invalid(
        `Signature expired: ${parts.requestTime} is now earlier than ${basicFormat(earliest)} (${basicFormat(now)} - ${minutes})`,
      );
    }
  }
  const latest = new Date(now.getTime() + maxSkewMs);
  if (signedAt > latest) {
    throw invalid(
      `Signature not yet current: ${parts.requestTime} is still later than ${basicFormat(latest)} (${basicFormat(now)} + ${minutes})`,
    );
  }
}

/** The payload hash of the canonical request, checked against the body when the client declared one. */
function payloadHash(request: SignedRequest): string {
  const body = request.body ?? Buffer.alloc(0);
  const declared = headerValue(request.headers, 'x-amz-content-sha256');
  const actual = body.length === 0 ? EMPTY_SHA256 : createHash('sha256').update(body).digest('hex');
  if (declared === undefined) return actual;
  if (declared === UNSIGNED_PAYLOAD) return declared;
  if (!/^[0-9a-f]{64}$/.test(declared)) throw incomplete(`Unsupported x-amz-content-sha256 value '${declared}'.`);
  if (declared !== actual) throw invalid('The provided x-amz-content-sha256 header does not match the request body.');
  return declared;
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Finds the SigV4 parameters in the Authorization header or, for presigned URLs, in the query. */
export function readSignatureParts(request: SignedRequest): SignatureParts | undefined {
  const authorization = headerValue(request.headers, 'authorization');
  if (authorization) return fromAuthorizationHeader(authorization.trim(), request.headers);
  const query = parseRawQuery(splitUrl(request.url).rawQuery);
  return single(query, 'X-Amz-Algorithm') !== undefined ? fromPresignedQuery(query) : undefined;
}

/**
 * Verifies an AWS Signature Version 4 by recomputing it from the request (method, raw path,
 * query, the signed headers and the payload hash) with the key's secret, and answers the key's
 * credentials. Any service name and region in the scope are accepted. Throws `AwsApiError`s
 * with the exception names and messages AWS uses.
 */
export async function verifySigV4<Credentials extends { secretAccessKey: string }>(
  request: SignedRequest,
  options: SigV4VerifyOptions<Credentials>,
): Promise<Credentials & { accessKeyId: string }> {
  const parts = readSignatureParts(request);
  if (!parts) throw new AwsApiError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  if (!parts.signedHeaders.includes('host')) {
    throw incomplete("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  }
  const signedAt = parseRequestTime(parts.requestTime);
  if (parts.scopeDate !== parts.requestTime.slice(0, 8)) {
    throw invalid(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parts.scopeDate}' != '${parts.requestTime.slice(0, 8)}', from '${parts.requestTime}'.`,
    );
  }
  const credentials = options.credentialsFor(parts.accessKeyId);
  if (!credentials) {
    throw new AwsApiError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  checkClock(parts, signedAt, options.now, options.maxClockSkewMs ?? DEFAULT_MAX_SKEW_MS);

  const { path, rawQuery } = splitUrl(request.url);
  const headers: Record<string, string> = Object.create(null);
  for (const name of parts.signedHeaders) {
    const value = headerValue(request.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  const httpRequest = {
    method: request.method.toUpperCase(),
    protocol: 'https:',
    hostname: headers.host ?? '',
    path,
    query: parseRawQuery(rawQuery),
    headers,
  };
  const scope = `${parts.scopeDate}/${parts.region}/${parts.service}/aws4_request`;
  const stringToSign = await canonicalRequest.stringToSign(
    httpRequest,
    getCanonicalHeaders(httpRequest, undefined, new Set(parts.signedHeaders)),
    payloadHash(request),
    parts.requestTime,
    scope,
  );
  const signingKey = await getSigningKey(
    Sha256,
    { accessKeyId: parts.accessKeyId, secretAccessKey: credentials.secretAccessKey },
    parts.scopeDate,
    parts.region,
    parts.service,
  );
  const expected = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  if (!sameHex(expected, parts.signature)) throw invalid(MISMATCH_MESSAGE);
  return { ...credentials, accessKeyId: parts.accessKeyId };
}
