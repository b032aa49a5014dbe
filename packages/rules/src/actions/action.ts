import type { RuleActionType } from '@meridian/contracts';
import type { MessageContext } from '../eval/context.js';
import type { Value } from '../values/value.js';

/** What an action is run with. Templates see the incoming payload and message, not the output. */
export interface ActionInvocation {
  readonly ruleName: string;
  /** The parsed incoming payload. */
  readonly payload: Value;
  readonly message: MessageContext;
  /** What the action sends: the SELECT output, or a preceding function action's result. */
  readonly output: Value;
  /** How many rule republishes led to the incoming message (0 for a device's message). */
  readonly hops: number;
}

/** Returned by a transform (function action) to stop the actions after it. */
export const STOP: unique symbol = Symbol('STOP');

interface CompiledActionBase {
  readonly type: RuleActionType;
  /** AWS's name for the error document's `failedAction`, e.g. `RepublishAction`. */
  readonly failedAction: string;
  /** Releases what the action holds (function workers). */
  close?(): void;
}

/** An action with an effect outside (publish, HTTP call, stored row, shadow update). */
export interface EffectAction extends CompiledActionBase {
  readonly kind: 'effect';
  run(invocation: ActionInvocation): Promise<void>;
}

/** An action whose result is the payload of the actions listed after it. */
export interface TransformAction extends CompiledActionBase {
  readonly kind: 'transform';
  transform(invocation: ActionInvocation): Promise<Value | typeof STOP>;
}

export type CompiledAction = EffectAction | TransformAction;

/** An action that did not complete: `resource` names what it acted on (topic, URL, device key...). */
export class ActionError extends Error {
  override readonly name = 'ActionError';

  constructor(
    readonly resource: string,
    message: string,
  ) {
    super(message);
  }
}

export const FAILED_ACTION_NAMES: Readonly<Record<RuleActionType, string>> = {
  republish: 'RepublishAction',
  http: 'HttpAction',
  timeseries: 'TimeseriesAction',
  shadow: 'ShadowAction',
  function: 'FunctionAction',
};
