import { IotArns } from '@meridian/contracts';

/** A starting point for a new policy document, offered in the editor. */
export interface PolicyTemplate {
  id: string;
  label: string;
  description: string;
  document: string;
}

// Region and account are wildcards so the templates work whatever the platform's ARNs use.
const ANY = new IotArns('*', '*');
// biome-ignore lint/suspicious/noTemplateCurlyInString: an IoT policy variable, substituted by the policy engine.
const THING = '${iot:Connection.Thing.ThingName}';

const toDocument = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

export const POLICY_TEMPLATES: readonly PolicyTemplate[] = [
  {
    id: 'thing-topics',
    label: 'Device may publish/subscribe under its thing name',
    description:
      'Connect with the client ID of the thing attached to its certificate; publish, subscribe and receive under things/<thing name>/ and its own shadow topics.',
    document: toDocument([
      {
        Sid: 'ConnectAsAttachedThing',
        Effect: 'Allow',
        Action: 'iot:Connect',
        Resource: ANY.client(THING),
      },
      {
        Sid: 'PublishAndReceiveOwnTopics',
        Effect: 'Allow',
        Action: ['iot:Publish', 'iot:Receive'],
        Resource: [ANY.topic(`things/${THING}/*`), ANY.topic(`$aws/things/${THING}/shadow/*`)],
      },
      {
        Sid: 'SubscribeOwnTopics',
        Effect: 'Allow',
        Action: 'iot:Subscribe',
        Resource: [ANY.topicFilter(`things/${THING}/*`), ANY.topicFilter(`$aws/things/${THING}/shadow/*`)],
      },
    ]),
  },
  {
    id: 'read-only-telemetry',
    label: 'Read-only telemetry',
    description: 'Connect with any client ID, subscribe to and receive telemetry/…; publishing is not allowed.',
    document: toDocument([
      {
        Sid: 'Connect',
        Effect: 'Allow',
        Action: 'iot:Connect',
        Resource: ANY.client('*'),
      },
      {
        Sid: 'SubscribeTelemetry',
        Effect: 'Allow',
        Action: 'iot:Subscribe',
        Resource: ANY.topicFilter('telemetry/*'),
      },
      {
        Sid: 'ReceiveTelemetry',
        Effect: 'Allow',
        Action: 'iot:Receive',
        Resource: ANY.topic('telemetry/*'),
      },
    ]),
  },
  {
    id: 'allow-all',
    label: 'Allow everything (development only)',
    description: 'Every action on every resource. Never use this for devices in production.',
    document: toDocument([{ Sid: 'AllowAll', Effect: 'Allow', Action: 'iot:*', Resource: '*' }]),
  },
];

export function findTemplate(id: string): PolicyTemplate | undefined {
  return POLICY_TEMPLATES.find((template) => template.id === id);
}
