import type { RuleService } from '@meridian/rules';
import { Type } from '@sinclair/typebox';
import { type AwsOperation, defineOperation } from './aws-operation.js';

const RuleLabel = Type.Object({ ruleName: Type.String() });
/**
 * The TopicRulePayload, unwrapped, as the request body. Only "a JSON object" is checked here: the rule
 * service checks its members and actions, and compiles the SQL, with AWS's own messages.
 */
const TopicRulePayloadBody = Type.Object({});
/** `k=v&k2=v2` tags: accepted and not stored (the platform has no tagging). */
const TaggingHeader = Type.Object({ 'x-amz-tagging': Type.Optional(Type.String()) });

/**
 * AWS IoT's topic-rule operations on the platform's rule service: the same rules the console manages,
 * installed in the running engine on every change.
 *
 * Actions travel as AWS's `Action` objects with one key naming the type. `republish` and `http` have
 * AWS's shapes; the platform's own actions use keys AWS does not have: `timeseries` ({deviceKey, time}),
 * `shadow` ({thingName, shadowName}) and `function` ({code, timeoutMs, memoryLimitMb}). The AWS SDKs
 * and CLI only know AWS's action types (an SDK sends such an action as `{}`, refused with the reason),
 * so rules with those actions are written with plain signed requests or on the console.
 */
export function topicRuleOperations(rules: RuleService): AwsOperation[] {
  return [
    defineOperation({
      name: 'CreateTopicRule',
      method: 'POST',
      path: '/rules/{ruleName}',
      access: 'write',
      input: { labels: RuleLabel, headers: TaggingHeader, body: TopicRulePayloadBody },
      handler: ({ labels, body }) => rules.createTopicRule(labels.ruleName, body),
    }),
    defineOperation({
      name: 'GetTopicRule',
      method: 'GET',
      path: '/rules/{ruleName}',
      access: 'read',
      input: { labels: RuleLabel },
      handler: ({ labels }) => rules.getTopicRule(labels.ruleName),
    }),
    defineOperation({
      name: 'ListTopicRules',
      method: 'GET',
      path: '/rules',
      access: 'read',
      input: {
        query: Type.Object({
          topic: Type.Optional(Type.String()),
          maxResults: Type.Optional(Type.Integer()),
          nextToken: Type.Optional(Type.String()),
          ruleDisabled: Type.Optional(Type.Boolean()),
        }),
      },
      handler: ({ query }) => rules.listTopicRules(query),
    }),
    defineOperation({
      name: 'ReplaceTopicRule',
      method: 'PATCH',
      path: '/rules/{ruleName}',
      access: 'write',
      input: { labels: RuleLabel, body: TopicRulePayloadBody },
      handler: ({ labels, body }) => rules.replaceTopicRule(labels.ruleName, body),
    }),
    defineOperation({
      name: 'EnableTopicRule',
      method: 'POST',
      path: '/rules/{ruleName}/enable',
      access: 'write',
      input: { labels: RuleLabel },
      handler: ({ labels }) => rules.enableTopicRule(labels.ruleName),
    }),
    defineOperation({
      name: 'DisableTopicRule',
      method: 'POST',
      path: '/rules/{ruleName}/disable',
      access: 'write',
      input: { labels: RuleLabel },
      handler: ({ labels }) => rules.disableTopicRule(labels.ruleName),
    }),
    defineOperation({
      name: 'DeleteTopicRule',
      method: 'DELETE',
      path: '/rules/{ruleName}',
      access: 'write',
      input: { labels: RuleLabel },
      handler: ({ labels }) => rules.deleteTopicRule(labels.ruleName),
    }),
  ];
}
