/** An error a route throws on purpose; the error handler answers `{ code, message }` with its status. */
export class ApiHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiHttpError';
  }
}

export const AUTH_ERR_REQUIRED = 'AUTH_ERR_REQUIRED';
export const AUTH_ERR_SESSION_EXPIRED = 'AUTH_ERR_SESSION_EXPIRED';
export const AUTH_ERR_INVALID_CREDENTIALS = 'AUTH_ERR_INVALID_CREDENTIALS';
export const AUTH_ERR_FORBIDDEN = 'AUTH_ERR_FORBIDDEN';
export const CLIENT_ERR_NOT_CONNECTED = 'CLIENT_ERR_NOT_CONNECTED';
export const PUBLISH_ERR_INVALID_TOPIC = 'PUBLISH_ERR_INVALID_TOPIC';
export const REQUEST_ERR_INVALID = 'REQUEST_ERR_INVALID';
export const REQUEST_ERR_NOT_FOUND = 'REQUEST_ERR_NOT_FOUND';
export const SERVER_ERR_INTERNAL = 'SERVER_ERR_INTERNAL';
