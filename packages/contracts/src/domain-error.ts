/**
 * The error every domain package (certs, registry, policy, shadow, rules) throws for a request it
 * refuses. `type` is AWS IoT's exception name, so the AWS-compatible API answers it unchanged in
 * `x-amzn-ErrorType`, and the console API maps it to `{ code, message }` with the same status.
 */
export type DomainErrorType =
  | 'InvalidRequestException'
  | 'SqlParseException'
  | 'MalformedPolicyException'
  | 'CertificateValidationException'
  | 'UnauthorizedException'
  | 'ForbiddenException'
  | 'ResourceNotFoundException'
  | 'CertificateStateException'
  | 'ResourceAlreadyExistsException'
  | 'VersionConflictException'
  | 'DeleteConflictException'
  | 'VersionsLimitExceededException'
  | 'ConflictingResourceUpdateException'
  | 'CertificateConflictException'
  | 'ConflictException'
  | 'LimitExceededException'
  | 'RequestEntityTooLargeException'
  | 'UnsupportedDocumentEncodingException'
  | 'ThrottlingException'
  | 'InternalFailureException'
  | 'ServiceUnavailableException';

/** HTTP status per exception, as in AWS IoT's service model. */
export const DOMAIN_ERROR_STATUS: Readonly<Record<DomainErrorType, number>> = {
  InvalidRequestException: 400,
  SqlParseException: 400,
  MalformedPolicyException: 400,
  CertificateValidationException: 400,
  UnauthorizedException: 401,
  ForbiddenException: 403,
  ResourceNotFoundException: 404,
  CertificateStateException: 406,
  ResourceAlreadyExistsException: 409,
  VersionConflictException: 409,
  DeleteConflictException: 409,
  VersionsLimitExceededException: 409,
  ConflictingResourceUpdateException: 409,
  CertificateConflictException: 409,
  ConflictException: 409,
  LimitExceededException: 410,
  RequestEntityTooLargeException: 413,
  UnsupportedDocumentEncodingException: 415,
  ThrottlingException: 429,
  InternalFailureException: 500,
  ServiceUnavailableException: 503,
};

export class DomainError extends Error {
  readonly statusCode: number;

  constructor(
    readonly type: DomainErrorType,
    message: string,
    /** Extra members AWS puts in the body, e.g. `resourceId` and `resourceArn` on ResourceAlreadyExistsException. */
    readonly extra: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = type;
    this.statusCode = DOMAIN_ERROR_STATUS[type];
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
