import type { RepublishAction } from '@meridian/contracts';
import { outputPayload } from '../payload.js';
import type { SubstitutionTemplate } from '../template/substitution-template.js';
import { ActionError, type ActionInvocation, type EffectAction, FAILED_ACTION_NAMES } from './action.js';
import type { RepublishMessage, RepublishProperties } from './ports.js';

export type TemplateCompiler = (source: string) => SubstitutionTemplate;

/** Publishes with the hop count of the message that caused it (loop protection). */
export type HopAwarePublish = (message: RepublishMessage, invocation: ActionInvocation) => void;

/** republish (reference §2.14): output to a templated topic through the broker; `$$aws/...` reaches `$aws/...`. */
export function republishAction(
  spec: RepublishAction,
  compile: TemplateCompiler,
  publish: HopAwarePublish,
): EffectAction {
  const topic = compile(spec.topic);
  const headers = spec.headers;
  const template = (text: string | undefined) => (text === undefined ? undefined : compile(text));
  const contentType = template(headers?.contentType);
  const responseTopic = template(headers?.responseTopic);
  const correlationData = template(headers?.correlationData);
  const messageExpiry = template(headers?.messageExpiry);
  const formatIndicator = template(headers?.payloadFormatIndicator);
  const userProperties = (headers?.userProperties ?? []).map(({ key, value }) => ({ key, value: compile(value) }));
  const qos = spec.qos === 1 ? 1 : 0;
  const retain = spec.retain === true;

  return {
    kind: 'effect',
    type: 'republish',
    failedAction: FAILED_ACTION_NAMES.republish,
    async run(invocation) {
      const { payload, message } = invocation;
      const target = topic.render(payload, message);
      const properties: RepublishProperties = {};
      const render = (t: SubstitutionTemplate | undefined) => t?.render(payload, message);
      const type = render(contentType);
      if (type) properties.contentType = type;
      const response = render(responseTopic);
      if (response) properties.responseTopic = response;
      const correlation = render(correlationData);
      if (correlation) properties.correlationData = Buffer.from(correlation, 'base64');
      const expiry = render(messageExpiry);
      if (expiry) {
        const seconds = Number(expiry);
        if (!Number.isInteger(seconds) || seconds < 0 || seconds > 0xffffffff) {
          throw new ActionError(target, `messageExpiry "${expiry}" is not a whole number of seconds`);
        }
        properties.messageExpiryInterval = seconds;
      }
      const indicator = render(formatIndicator);
      if (indicator) {
        if (indicator !== 'UTF8_DATA' && indicator !== 'UNSPECIFIED_BYTES') {
          throw new ActionError(
            target,
            `payloadFormatIndicator must be UTF8_DATA or UNSPECIFIED_BYTES, not "${indicator}"`,
          );
        }
        properties.payloadFormatIndicator = indicator === 'UTF8_DATA';
      }
      if (userProperties.length > 0) {
        const users: Record<string, string | string[]> = {};
        for (const { key, value } of userProperties) {
          const text = value.render(payload, message);
          const previous = users[key];
          users[key] = previous === undefined ? text : [...(Array.isArray(previous) ? previous : [previous]), text];
        }
        properties.userProperties = users;
      }
      const out: RepublishMessage = {
        topic: target,
        payload: Buffer.from(outputPayload(invocation.output)),
        qos,
        retain,
      };
      if (Object.keys(properties).length > 0) out.properties = properties;
      try {
        publish(out, invocation);
      } catch (error) {
        throw new ActionError(target, `Failed to republish to "${target}": ${(error as Error).message}`);
      }
    },
  };
}
