/** A statement that cannot produce output for this message (AWS fails the rule, which runs the error action). */
export class SqlEvaluationError extends Error {
  override readonly name = 'SqlEvaluationError';
}

export const BINARY_PAYLOAD_SELECT =
  'A non-JSON payload can only be selected with "*" alone; other items must not be combined with it';

export const TOP_LEVEL_ARRAY_2015 = 'SQL version 2015-10-08 cannot output an array; use 2016-03-23';
