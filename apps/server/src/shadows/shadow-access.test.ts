import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ROLES, type Role } from '@meridian/contracts';
import type { ShadowAction } from '@meridian/shadow';
import { mayUseShadow, RULES_PRINCIPAL } from './shadow-access.js';

const ACTIONS: ShadowAction[] = [
  'iot:GetThingShadow',
  'iot:UpdateThingShadow',
  'iot:DeleteThingShadow',
  'iot:ListNamedShadowsForThing',
];

const allowed = (role: Role) => ACTIONS.filter((action) => mayUseShadow(action, 'lamp-1', undefined, { role }));

describe(mayUseShadow.name, () => {
  test('admins and operators may use every shadow action', () => {
    assert.deepEqual(allowed('admin'), ACTIONS);
    assert.deepEqual(allowed('operator'), ACTIONS);
  });

  test('viewers may only read', () => {
    assert.deepEqual(allowed('viewer'), ['iot:GetThingShadow', 'iot:ListNamedShadowsForThing']);
  });

  test('every other role may do nothing', () => {
    for (const role of ROLES.filter((r) => !['admin', 'operator', 'viewer'].includes(r))) {
      assert.deepEqual(allowed(role), [], role);
    }
    assert.deepEqual(
      ACTIONS.filter((action) => mayUseShadow(action, 'lamp-1', undefined, { role: 'superuser' as Role })),
      [],
      'an unknown role',
    );
  });

  test("the platform's rule actions may do everything", () => {
    assert.deepEqual(
      ACTIONS.filter((action) => mayUseShadow(action, 'lamp-1', undefined, RULES_PRINCIPAL)),
      ACTIONS,
    );
  });

  test("a device's access decides for it, per action, thing and shadow", () => {
    const asked: string[] = [];
    const device = {
      allows: (action: ShadowAction, thingName: string, shadowName: string | undefined) => {
        asked.push(`${action} ${thingName}/${shadowName ?? ''}`);
        return action === 'iot:GetThingShadow' && thingName === 'lamp-1' && shadowName === 'power';
      },
    };
    assert.equal(mayUseShadow('iot:GetThingShadow', 'lamp-1', 'power', { device }), true);
    assert.equal(mayUseShadow('iot:GetThingShadow', 'lamp-1', undefined, { device }), false);
    assert.equal(mayUseShadow('iot:UpdateThingShadow', 'lamp-1', 'power', { device }), false);
    assert.deepEqual(asked, [
      'iot:GetThingShadow lamp-1/power',
      'iot:GetThingShadow lamp-1/',
      'iot:UpdateThingShadow lamp-1/power',
    ]);
  });
});
