import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ROLES } from '@meridian/contracts';
import { mayCall, requireAccess } from './aws-access.js';
import { AwsApiError } from './aws-api-error.js';
import type { AwsCaller } from './aws-operation.js';

const callerWith = (role: AwsCaller['role']): AwsCaller => ({
  accessKeyId: 'AKIAACCESSLEVELTEST2',
  userId: 3,
  username: 'sam',
  role,
});

describe(mayCall.name, () => {
  test('admin and operator read and write, viewer only reads, end user neither', () => {
    const table = Object.fromEntries(ROLES.map((role) => [role, [mayCall(role, 'read'), mayCall(role, 'write')]]));
    assert.deepEqual(table, {
      admin: [true, true],
      operator: [true, true],
      viewer: [true, false],
      'end-user': [false, false],
    });
  });
});

describe(requireAccess.name, () => {
  test('refuses with AccessDeniedException 403 naming the user, role and operation', () => {
    assert.throws(
      () => requireAccess(callerWith('viewer'), 'DeleteTopicRule', 'write'),
      (error: unknown) => {
        assert.ok(error instanceof AwsApiError);
        assert.equal(error.type, 'AccessDeniedException');
        assert.equal(error.statusCode, 403);
        assert.equal(error.message, 'User: sam (role viewer) is not authorized to perform: iot:DeleteTopicRule');
        return true;
      },
    );
    assert.doesNotThrow(() => requireAccess(callerWith('viewer'), 'GetTopicRule', 'read'));
  });

  test('an operation without a declared level is treated as a write', () => {
    assert.throws(() => requireAccess(callerWith('viewer'), 'Unlabelled'), /not authorized/);
    assert.doesNotThrow(() => requireAccess(callerWith('operator'), 'Unlabelled'));
  });
});
