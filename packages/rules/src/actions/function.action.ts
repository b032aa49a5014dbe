import type { FunctionAction } from '@meridian/contracts';
import { parsePayload } from '../payload.js';
import { toJsonText } from '../values/json-text.js';
import { ActionError, FAILED_ACTION_NAMES, STOP, type TransformAction } from './action.js';
import { FunctionSandbox } from './function-sandbox.js';

export interface FunctionActionSettings {
  defaultTimeoutMs: number;
  maxTimeoutMs: number;
  defaultMemoryLimitMb: number;
  maxMemoryLimitMb: number;
}

export const DEFAULT_FUNCTION_ACTION_SETTINGS: FunctionActionSettings = {
  defaultTimeoutMs: 200,
  maxTimeoutMs: 5000,
  defaultMemoryLimitMb: 32,
  maxMemoryLimitMb: 256,
};

/** Heap sizes below this fail at start for reasons unrelated to the operator's code. */
export const MIN_FUNCTION_MEMORY_MB = 16;

const encoder = new TextEncoder();

/**
 * function: operator JavaScript transforms the output; what it returns is the payload of the actions
 * listed after it, and `undefined` stops them. Binary outputs reach it as `{ "base64": "..." }`.
 */
export function functionAction(spec: FunctionAction, settings: FunctionActionSettings): TransformAction {
  const sandbox = new FunctionSandbox(spec.code, {
    timeoutMs: spec.timeoutMs ?? settings.defaultTimeoutMs,
    memoryLimitMb: spec.memoryLimitMb ?? settings.defaultMemoryLimitMb,
  });
  return {
    kind: 'transform',
    type: 'function',
    failedAction: FAILED_ACTION_NAMES.function,
    async transform({ ruleName, message, output }) {
      const event =
        output instanceof Uint8Array
          ? JSON.stringify({ base64: Buffer.from(output).toString('base64') })
          : toJsonText(output ?? null);
      let result: string | undefined;
      try {
        result = await sandbox.call(event, {
          ruleName,
          topic: message.topic,
          ...(message.clientId === undefined ? {} : { clientId: message.clientId }),
          ...(message.timestamp === undefined ? {} : { timestamp: message.timestamp }),
        });
      } catch (error) {
        throw new ActionError(ruleName, `Function ${(error as Error).message}`);
      }
      if (result === undefined) return STOP;
      const value = parsePayload(encoder.encode(result));
      // parsePayload keeps non-object JSON as bytes; the actions after it want the value itself.
      return value instanceof Uint8Array ? JSON.parse(result) : value;
    },
    close: () => sandbox.close(),
  };
}
