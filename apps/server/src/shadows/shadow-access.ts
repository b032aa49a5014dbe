import type { Role } from '@meridian/contracts';
import type { ShadowAction } from '@meridian/shadow';

/**
 * A device calling the shadow REST API with its client certificate (the device HTTPS endpoint):
 * its IoT policies decide, on `thing/{thingName}` or `thing/{thingName}/{shadowName}`.
 */
export interface DeviceShadowAccess {
  allows(action: ShadowAction, thingName: string, shadowName: string | undefined): boolean;
}

/**
 * Who asks the shadow service other than a device over MQTT (the broker's topic permissions decide
 * those): a user, by role — the owner of the access key that signed an AWS API request, or a
 * console session —, a device over HTTPS, by its IoT policies, or a part of the platform itself,
 * such as a rule's shadow action.
 */
export type ShadowPrincipal = { role: Role } | { device: DeviceShadowAccess } | { platform: string };

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
 * (GetThingShadow, ListNamedShadowsForThing, and the history), end users nothing — refused as
 * 403 ForbiddenException; devices as their IoT policies say. The platform's own components are trusted.
 */
export function mayUseShadow(
  action: ShadowAction,
  thingName: string,
  shadowName: string | undefined,
  principal: ShadowPrincipal,
): boolean {
  if ('platform' in principal) return true;
  if ('device' in principal) return principal.device.allows(action, thingName, shadowName);
  return ACTIONS_BY_ROLE[principal.role]?.has(action) ?? false;
}
