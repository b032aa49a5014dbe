import { isApiRequestError } from '../../../lib/api-client';

export type ThingFormField = 'thingName' | 'thingTypeName' | 'attributes' | 'form';

/**
 * Which field of the thing form a refusal of the registry is about, so its message is shown next to that
 * field. The registry names the field its rule is about at the start of the message.
 */
export function thingFormFieldOf(error: unknown): ThingFormField {
  if (!isApiRequestError(error)) return 'form';
  if (error.code === 'ResourceAlreadyExistsException') return 'thingName';
  if (error.code === 'ResourceNotFoundException' && /^Thing type\b/.test(error.message)) return 'thingTypeName';
  if (error.code !== 'InvalidRequestException') return 'form';
  if (/^(thingTypeName\b|Thing type\b)/.test(error.message)) return 'thingTypeName';
  if (/^thingName\b/.test(error.message)) return 'thingName';
  if (/attribute/i.test(error.message)) return 'attributes';
  return 'form';
}

/** A 409 VersionConflictException: someone else changed the resource since it was read. */
export function isVersionConflict(error: unknown): boolean {
  return isApiRequestError(error) && error.code === 'VersionConflictException';
}
