import type { RuleActionPorts } from '@meridian/rules';
import type { ShadowService } from '@meridian/shadow';

/**
 * The shadow action's port over the Device Shadow service: an UpdateThingShadow by the platform
 * (`principal` is what the service's authorize port sees for rule actions).
 */
export function shadowUpdatePort<Principal>(
  shadows: ShadowService<Principal>,
  principal: Principal,
): NonNullable<RuleActionPorts['updateShadow']> {
  return (thingName, shadowName, document) =>
    shadows.updateShadow({
      thingName,
      ...(shadowName === undefined ? {} : { shadowName }),
      principal,
      payload: document,
    });
}
