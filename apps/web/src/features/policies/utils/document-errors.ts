import { errorMessage, isApiRequestError } from '../../../lib/api-client';

/** Where a failed save's message belongs: next to the document when the document is at fault. */
export function splitDocumentError(error: unknown): { document: string | null; other: string | null } {
  if (error === null || error === undefined) return { document: null, other: null };
  if (isApiRequestError(error) && error.code === 'MalformedPolicyException')
    return { document: error.message, other: null };
  return { document: null, other: errorMessage(error) };
}
