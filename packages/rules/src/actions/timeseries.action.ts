import type { TimeseriesAction } from '@meridian/contracts';
import { toJsonText } from '../values/json-text.js';
import { isObjectValue } from '../values/value.js';
import { ActionError, type EffectAction, FAILED_ACTION_NAMES } from './action.js';
import type { RuleActionPorts } from './ports.js';
import type { TemplateCompiler } from './republish.action.js';

/** timeseries: the output object becomes one row {time, deviceKey, values} (feeds the console charts). */
export function timeseriesAction(
  spec: TimeseriesAction,
  compile: TemplateCompiler,
  append: RuleActionPorts['appendTimeseries'],
): EffectAction {
  const deviceKey = compile(spec.deviceKey);
  const time = spec.time === undefined ? undefined : compile(spec.time);
  return {
    kind: 'effect',
    type: 'timeseries',
    failedAction: FAILED_ACTION_NAMES.timeseries,
    async run({ payload, message, output }) {
      const key = deviceKey.render(payload, message);
      if (key === '') throw new ActionError(spec.deviceKey, 'The device key rendered empty');
      if (!isObjectValue(output)) throw new ActionError(key, 'The output to store must be a JSON object');
      let at = message.timestamp ?? Date.now();
      if (time) {
        const text = time.render(payload, message);
        at = Number(text);
        if (text === '' || !Number.isFinite(at)) {
          throw new ActionError(key, `The time "${text}" is not a number of epoch milliseconds`);
        }
      }
      if (!append) throw new ActionError(key, 'No time-series store is configured');
      try {
        await append({ deviceKey: key, time: Math.trunc(at), values: toJsonText(output) });
      } catch (error) {
        throw new ActionError(key, `Failed to store the row: ${(error as Error).message}`);
      }
    },
  };
}
