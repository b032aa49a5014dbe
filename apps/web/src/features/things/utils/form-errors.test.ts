import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '../../../lib/api-client';
import { isVersionConflict, thingFormFieldOf } from './form-errors';

const refusal = (status: number, code: string, message: string) => new ApiRequestError(status, code, message);

describe(thingFormFieldOf.name, () => {
  it.each([
    [409, 'ResourceAlreadyExistsException', 'Thing lamp already exists with a different configuration', 'thingName'],
    [404, 'ResourceNotFoundException', 'Thing type Lamp does not exist', 'thingTypeName'],
    [
      400,
      'InvalidRequestException',
      'Thing type Lamp is deprecated and cannot be associated with things',
      'thingTypeName',
    ],
    [
      400,
      'InvalidRequestException',
      "thingTypeName must be 1-128 characters of a-z, A-Z, 0-9, ':', '_' or '-'",
      'thingTypeName',
    ],
    [
      400,
      'InvalidRequestException',
      "thingName must be 1-128 characters of a-z, A-Z, 0-9, ':', '_' or '-'",
      'thingName',
    ],
    [
      400,
      'InvalidRequestException',
      'A thing without a thing type can have at most 3 attributes (got 4)',
      'attributes',
    ],
    [400, 'InvalidRequestException', "attribute 'color' must be at most 800 characters", 'attributes'],
    [400, 'InvalidRequestException', 'something else entirely', 'form'],
    [403, 'AUTH_ERR_FORBIDDEN', 'This action needs one of the roles: admin, operator', 'form'],
  ] as const)('%i %s "%s" belongs to %s', (status, code, message, field) => {
    expect(thingFormFieldOf(refusal(status, code, message))).toBe(field);
  });

  it('puts errors that are not API answers on the form', () => {
    expect(thingFormFieldOf(new Error('boom'))).toBe('form');
  });
});

describe(isVersionConflict.name, () => {
  it('recognises only VersionConflictException', () => {
    expect(isVersionConflict(refusal(409, 'VersionConflictException', 'Thing a is at version 3'))).toBe(true);
    expect(isVersionConflict(refusal(409, 'ResourceAlreadyExistsException', 'exists'))).toBe(false);
  });
});
