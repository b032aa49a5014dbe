import type { MessageContext } from '../eval/context.js';

export interface ActionFailure {
  failedAction: string;
  failedResource: string;
  errorMessage: string;
}

/** What an error action receives (AWS "Error action message format"): one document per rule and message. */
export interface RuleErrorDocument {
  ruleName: string;
  topic: string;
  cloudwatchTraceId: string;
  clientId: string;
  base64OriginalPayload: string;
  failures: ActionFailure[];
}

export function ruleErrorDocument(
  ruleName: string,
  message: MessageContext,
  failures: ActionFailure[],
): RuleErrorDocument {
  return {
    ruleName,
    topic: message.topic,
    cloudwatchTraceId: message.traceId ?? '',
    clientId: message.clientId ?? 'n/a',
    base64OriginalPayload: Buffer.from(message.raw ?? new Uint8Array()).toString('base64'),
    failures,
  };
}
