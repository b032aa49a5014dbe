import type { Role } from '@meridian/contracts';
import type { ShadowAction } from '@meridian/shadow';

/**
 * Who asks the shadow service other than a device over MQTT (the broker's topic permissions decide
 * those): a user, by role — the owner of the access key that signed an AWS API request, or a
 * console session — or a part of the platform itself, such as a rule's shadow action.
 */
export type ShadowPrincipal = { role: Role } | { platform: string };

export const RULES_PRINCIPAL: ShadowPrincipal = { platform: 'rules' };
/** End users' My devices, which acts only after checking that the device is the user's own. */
export const MY_DEVICES_PRINCIPAL: ShadowPrincipal = { platform: 'my-devices' };

const EVERY_ACTION: ReadonlySet<ShadowAction> = new Set<ShadowAction>([
  'iot:GetThingShadow',
  'iot:UpdateThingShadow',
  'iot:DeleteThingShadow',
  'iot:ListNamedShadowsForThing',
]);
const READ_ACTIONS: ReadonlySet<ShadowAction> = new Set<ShadowAction>([
  'iot:GetThingShadow',
  'iot:ListNamedShadowsForThing',
]);

const ACTIONS_BY_ROLE: Readonly<Record<Role, ReadonlySet<ShadowAction>>> = {
  admin: EVERY_ACTION,
  operator: EVERY_ACTION,
  viewer: READ_ACTIONS,
  'end-user': new Set(),
};

/**
 * The shadow service's authorize port: admins and operators may do everything, viewers only read
 * (GetThingShadow, ListNamedShadowsForThing, and the history), anyone else nothing — refused as
 * 403 ForbiddenException. The platform's own components are trusted.
 */
export function mayUseShadow(action: ShadowAction, principal: ShadowPrincipal): boolean {
  if ('platform' in principal) return true;
  return ACTIONS_BY_ROLE[principal.role]?.has(action) ?? false;
}
