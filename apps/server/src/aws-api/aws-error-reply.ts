import { DomainError } from '@meridian/contracts';
import type { FastifyError } from 'fastify';
import { AwsApiError } from './aws-api-error.js';

/** An answer in the shape the AWS SDKs parse: status, `x-amzn-ErrorType` and `{ message, ...extra }`. */
export interface AwsErrorReply {
  statusCode: number;
  type: string;
  body: Record<string, string>;
  /** Unexpected failures are logged with their details, which never reach the client. */
  unexpected: boolean;
}

const INTERNAL_FAILURE: AwsErrorReply = {
  statusCode: 500,
  type: 'InternalFailureException',
  body: { message: 'An internal failure occurred; the details are in the server log.' },
  unexpected: true,
};

/** Fastify's validation message plus the allowed values, when the schema lists them. */
function validationMessage(error: FastifyError): string {
  const allowed = error.validation?.find((issue) => Array.isArray(issue.params?.allowedValues))?.params
    ?.allowedValues as unknown[] | undefined;
  return allowed ? `${error.message}: ${allowed.join(', ')}` : error.message;
}

export function toAwsErrorReply(error: unknown): AwsErrorReply {
  if (error instanceof AwsApiError) {
    return { statusCode: error.statusCode, type: error.type, body: { message: error.message }, unexpected: false };
  }
  if (error instanceof DomainError) {
    if (error.type === 'InternalFailureException') return INTERNAL_FAILURE;
    return {
      statusCode: error.statusCode,
      type: error.type,
      body: { ...error.extra, message: error.message },
      unexpected: false,
    };
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) {
    const message = validationMessage(fastifyError as FastifyError);
    return { statusCode: 400, type: 'InvalidRequestException', body: { message }, unexpected: false };
  }
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return {
      statusCode: 413,
      type: 'RequestEntityTooLargeException',
      body: { message: 'The request body is too large.' },
      unexpected: false,
    };
  }
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const message = fastifyError.message || 'The request is not valid.';
    return { statusCode: 400, type: 'InvalidRequestException', body: { message }, unexpected: false };
  }
  return INTERNAL_FAILURE;
}
