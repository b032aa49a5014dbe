import { DomainError, type IotArns, type PolicyAction } from '@meridian/contracts';

type ResourceKind = 'client' | 'topic' | 'topic-filter' | 'thing' | 'any';

/** Which resource each action is checked on (reference §3.2). */
const RESOURCE_KINDS: Readonly<Record<PolicyAction, ResourceKind>> = {
  'iot:Connect': 'client',
  'iot:DeleteConnection': 'client',
  'iot:Publish': 'topic',
  'iot:Receive': 'topic',
  'iot:RetainPublish': 'topic',
  'iot:GetRetainedMessage': 'topic',
  'iot:Subscribe': 'topic-filter',
  'iot:GetThingShadow': 'thing',
  'iot:UpdateThingShadow': 'thing',
  'iot:DeleteThingShadow': 'thing',
  'iot:ListNamedShadowsForThing': 'thing',
  'iot:ListRetainedMessages': 'any',
};

const DESCRIPTIONS: Readonly<Record<Exclude<ResourceKind, 'any'>, string>> = {
  client: 'a client id',
  topic: 'a topic name',
  'topic-filter': 'a topic filter',
  thing: 'a thing name (or thingName/shadowName)',
};

/**
 * The ARN a request for `action` on the named resource is checked against: `client/{id}` (the client
 * id by default), `topic/{name}`, `topicfilter/{filter}` (wildcards as literal text), `thing/{name}`, or
 * `*` for ListRetainedMessages.
 */
export function simulatedResourceArn(
  arns: IotArns,
  action: PolicyAction,
  resource: string | undefined,
  clientId: string | undefined,
): string {
  const kind = RESOURCE_KINDS[action];
  if (kind === 'any') return '*';
  const name = resource === undefined || resource === '' ? (kind === 'client' ? clientId : undefined) : resource;
  if (name === undefined) throw new DomainError('InvalidRequestException', `${action} needs ${DESCRIPTIONS[kind]}`);
  switch (kind) {
    case 'client':
      return arns.client(name);
    case 'topic':
      return arns.topic(name);
    case 'topic-filter':
      return arns.topicFilter(name);
    case 'thing': {
      const slash = name.indexOf('/');
      return slash < 0 ? arns.thing(name) : arns.thing(name.slice(0, slash), name.slice(slash + 1));
    }
  }
}
