import { DomainError, type DomainErrorType } from '@meridian/contracts';

type ErrorSpec = readonly [type: DomainErrorType, message: string];

/**
 * Every refusal of the shadow service: AWS exception name and AWS's exact message text
 * (`%s` / `%d` are filled in order). The HTTP status follows from the exception name and is also
 * the `code` of the MQTT `/rejected` error document.
 */
export const SHADOW_ERRORS = {
  SHADOW_ERR_UNSUPPORTED_ENCODING: [
    'UnsupportedDocumentEncodingException',
    'Unsupported documented encoding; supported encoding is UTF-8',
  ],
  SHADOW_ERR_INVALID_JSON: ['InvalidRequestException', 'Invalid JSON'],
  SHADOW_ERR_INVALID_CLIENT_TOKEN: ['InvalidRequestException', 'Invalid clientToken'],
  SHADOW_ERR_MISSING_STATE: ['InvalidRequestException', 'Missing required node: state'],
  SHADOW_ERR_STATE_NOT_OBJECT: ['InvalidRequestException', 'State node must be an object'],
  SHADOW_ERR_INVALID_STATE_NODE: ['InvalidRequestException', 'State contains an invalid node'],
  SHADOW_ERR_DESIRED_NOT_OBJECT: ['InvalidRequestException', 'Desired node must be an object'],
  SHADOW_ERR_REPORTED_NOT_OBJECT: ['InvalidRequestException', 'Reported node must be an object'],
  SHADOW_ERR_INVALID_VERSION: ['InvalidRequestException', 'Invalid version'],
  SHADOW_ERR_TOO_DEEP: ['InvalidRequestException', 'JSON contains too many levels of nesting; maximum is %d'],
  // AWS documents no texts for bad names and paging parameters.
  SHADOW_ERR_INVALID_THING_NAME: ['InvalidRequestException', 'Invalid thing name: %s'],
  SHADOW_ERR_INVALID_SHADOW_NAME: ['InvalidRequestException', 'Invalid shadow name: %s'],
  SHADOW_ERR_INVALID_PAGE_SIZE: ['InvalidRequestException', 'pageSize must be an integer from 1 to 100'],
  SHADOW_ERR_INVALID_NEXT_TOKEN: ['InvalidRequestException', 'Invalid nextToken'],
  SHADOW_ERR_FORBIDDEN: ['ForbiddenException', 'Forbidden'],
  SHADOW_ERR_THING_NOT_FOUND: ['ResourceNotFoundException', 'Thing not found'],
  SHADOW_ERR_NOT_FOUND: ['ResourceNotFoundException', "No shadow exists with name: '%s'"],
  SHADOW_ERR_VERSION_NOT_FOUND: ['ResourceNotFoundException', "No version %d of shadow '%s'"],
  SHADOW_ERR_VERSION_CONFLICT: ['ConflictException', 'Version conflict'],
  SHADOW_ERR_TOO_LARGE: ['RequestEntityTooLargeException', 'The payload exceeds the maximum size allowed'],
  // AWS's 429 texts are undocumented.
  SHADOW_ERR_THROTTLED: ['ThrottlingException', 'Too Many Requests'],
  SHADOW_ERR_RATE_LIMITED: ['ThrottlingException', 'Rate limit exceeded'],
  SHADOW_ERR_INTERNAL: ['InternalFailureException', 'Internal service failure'],
} as const satisfies Record<string, ErrorSpec>;

export type ShadowErrorCode = keyof typeof SHADOW_ERRORS;

/** A refused shadow request; `extra.clientToken` carries the request's token when it could be read. */
export class ShadowError extends DomainError {
  constructor(
    readonly code: ShadowErrorCode,
    message: string,
    extra: Readonly<Record<string, string>> = {},
  ) {
    super(SHADOW_ERRORS[code][0], message, extra);
  }

  get clientToken(): string | undefined {
    return this.extra.clientToken;
  }

  withClientToken(clientToken: string | undefined): ShadowError {
    if (clientToken === undefined) return this;
    return new ShadowError(this.code, this.message, { ...this.extra, clientToken });
  }
}

export function shadowError(code: ShadowErrorCode, ...args: Array<string | number>): ShadowError {
  let next = 0;
  const message = SHADOW_ERRORS[code][1].replace(/%[sd]/g, () => String(args[next++]));
  return new ShadowError(code, message);
}
