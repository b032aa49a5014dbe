// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${iot:...} are IoT policy variables, not template literals
import { createHash } from 'node:crypto';
import { IotArns } from '@meridian/policy';

/**
 * The fleet of the policy benchmark: devices `dev<i>` publishing telemetry on `devices/dev<i>/telemetry`
 * and a `monitor` thing (attribute role=monitor) subscribed to `devices/+/telemetry`. Every client has
 * its own certificate, attached to the thing named like its client id, and one 10-statement policy.
 */
export const arns = new IotArns('us-east-1', '123456789012');

export const MONITOR = 'monitor';
export const deviceName = (i: number): string => `dev${i}`;
export const telemetryTopic = (i: number): string => `devices/${deviceName(i)}/telemetry`;
export const TELEMETRY_FILTER = 'devices/+/telemetry';

/** The certificate id (a SHA-256 hex fingerprint, like real ones) that client `clientId` presents. */
export const certificateIdOf = (clientId: string): string => createHash('sha256').update(clientId).digest('hex');

const p = arns.prefix;
const isMonitor = { StringEquals: { 'iot:Connection.Thing.Attributes[role]': 'monitor' } };

/** Thing-scoped device access, shadow access, a monitor role, and denies that every check must visit. */
export const DEVICE_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Connect',
      Effect: 'Allow',
      Action: 'iot:Connect',
      Resource: `${p}client/\${iot:Connection.Thing.ThingName}`,
    },
    {
      Sid: 'PublishOwn',
      Effect: 'Allow',
      Action: 'iot:Publish',
      Resource: `${p}topic/devices/\${iot:Connection.Thing.ThingName}/*`,
    },
    {
      Sid: 'SubscribeOwn',
      Effect: 'Allow',
      Action: 'iot:Subscribe',
      Resource: `${p}topicfilter/devices/\${iot:Connection.Thing.ThingName}/*`,
    },
    {
      Sid: 'ReceiveOwn',
      Effect: 'Allow',
      Action: 'iot:Receive',
      Resource: `${p}topic/devices/\${iot:Connection.Thing.ThingName}/*`,
    },
    {
      Sid: 'ShadowTopics',
      Effect: 'Allow',
      Action: ['iot:Publish', 'iot:Receive'],
      Resource: `${p}topic/$aws/things/\${iot:Connection.Thing.ThingName}/shadow/*`,
    },
    {
      Sid: 'ShadowFilters',
      Effect: 'Allow',
      Action: 'iot:Subscribe',
      Resource: `${p}topicfilter/$aws/things/\${iot:Connection.Thing.ThingName}/shadow/*`,
    },
    {
      Sid: 'MonitorSubscribe',
      Effect: 'Allow',
      Action: 'iot:Subscribe',
      Resource: `${p}topicfilter/devices/*`,
      Condition: isMonitor,
    },
    {
      Sid: 'MonitorReceive',
      Effect: 'Allow',
      Action: 'iot:Receive',
      Resource: `${p}topic/devices/*`,
      Condition: isMonitor,
    },
    {
      Sid: 'NoCommandsFromDevices',
      Effect: 'Deny',
      Action: ['iot:Publish', 'iot:RetainPublish'],
      Resource: `${p}topic/devices/*/commands`,
    },
    {
      Sid: 'NoBroadFilters',
      Effect: 'Deny',
      Action: 'iot:Subscribe',
      Resource: [`${p}topicfilter/#`, `${p}topicfilter/+/#`, `${p}topicfilter/devices/#`],
    },
  ],
};
