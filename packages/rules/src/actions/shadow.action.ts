import type { ShadowAction } from '@meridian/contracts';
import { outputPayload } from '../payload.js';
import { ActionError, type EffectAction, FAILED_ACTION_NAMES } from './action.js';
import type { RuleActionPorts } from './ports.js';
import type { TemplateCompiler } from './republish.action.js';

/**
 * shadow: sends the output as an update request document to a thing's shadow, as a device's publish to
 * `$aws/things/{thing}/shadow[/name/{shadow}]/update` would (so the output must look like `{"state":{...}}`).
 */
export function shadowAction(
  spec: ShadowAction,
  compile: TemplateCompiler,
  updateShadow: RuleActionPorts['updateShadow'],
): EffectAction {
  const thingName = compile(spec.thingName);
  const shadowName = spec.shadowName === undefined ? undefined : compile(spec.shadowName);
  return {
    kind: 'effect',
    type: 'shadow',
    failedAction: FAILED_ACTION_NAMES.shadow,
    async run({ payload, message, output }) {
      const thing = thingName.render(payload, message);
      const shadow = shadowName?.render(payload, message) || undefined;
      const resource = shadow === undefined ? thing : `${thing}/${shadow}`;
      if (thing === '') throw new ActionError(spec.thingName, 'The thing name rendered empty');
      if (!updateShadow) throw new ActionError(resource, 'No shadow service is configured');
      try {
        await updateShadow(thing, shadow, outputPayload(output));
      } catch (error) {
        throw new ActionError(resource, `Shadow update rejected: ${(error as Error).message}`);
      }
    },
  };
}
