/**
 * Refusals that come from the API layer itself (authentication, the caller's role, routing) rather than from a
 * domain package; domain refusals are `DomainError`s. Both answer in AWS's error shape.
 */
export type AwsApiErrorType =
  | 'MissingAuthenticationTokenException'
  | 'IncompleteSignatureException'
  | 'InvalidSignatureException'
  | 'UnrecognizedClientException'
  | 'AccessDeniedException'
  | 'ForbiddenException'
  | 'UnknownOperationException';

const STATUS: Readonly<Record<AwsApiErrorType, number>> = {
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 403,
  InvalidSignatureException: 403,
  UnrecognizedClientException: 403,
  AccessDeniedException: 403,
  ForbiddenException: 403,
  UnknownOperationException: 404,
};

export class AwsApiError extends Error {
  readonly statusCode: number;

  constructor(
    readonly type: AwsApiErrorType,
    message: string,
  ) {
    super(message);
    this.name = type;
    this.statusCode = STATUS[type];
  }
}
