import { randomUUID } from 'node:crypto';
import type { RuleEnvironment } from './eval/context.js';

/** The project's fixed account id (see the AWS reference's conventions). */
export const DEFAULT_ACCOUNT_ID = '123456789012';

/** An environment with the real clock and randomness and no shadows; override what the platform provides. */
export function ruleEnvironment(overrides: Partial<RuleEnvironment> = {}): RuleEnvironment {
  return {
    accountId: DEFAULT_ACCOUNT_ID,
    now: Date.now,
    random: Math.random,
    newUuid: randomUUID,
    getThingShadow: () => undefined,
    ...overrides,
  };
}
