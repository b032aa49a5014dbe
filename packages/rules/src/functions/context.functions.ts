import { toFlooredInt, toStringValue } from '../values/conversions.js';
import type { Value } from '../values/value.js';
import { defineFunction, type SqlFunction } from './sql-function.js';

const BASIC_INGEST_PREFIX = '$aws/rules/';

/** The topic `topic()` sees: Basic Ingest's `$aws/rules/<rule>/` prefix is removed. */
export function ruleTopic(topic: string): string {
  if (!topic.startsWith(BASIC_INGEST_PREFIX)) return topic;
  const slash = topic.indexOf('/', BASIC_INGEST_PREFIX.length);
  return slash === -1 ? '' : topic.slice(slash + 1);
}

/** Level `n` (1-based) of a topic without splitting it into an array. */
export function topicLevel(topic: string, n: number): string | undefined {
  if (n < 1) return undefined;
  let start = 0;
  for (let level = 1; level < n; level++) {
    const slash = topic.indexOf('/', start);
    if (slash === -1) return undefined;
    start = slash + 1;
  }
  const end = topic.indexOf('/', start);
  return end === -1 ? topic.slice(start) : topic.slice(start, end);
}

const PAYLOAD_FORMATS = ['UNSPECIFIED_BYTES', 'UTF8_DATA'] as const;

export const contextFunctions: readonly SqlFunction[] = [
  defineFunction('accountid', 0, '2015-10-08', (_args, _message, runtime) => runtime.env.accountId),
  defineFunction('clientid', 0, '2015-10-08', (_args, message) => message.clientId ?? 'n/a'),
  defineFunction('get_mqtt_property', 1, '2016-03-23', ([name], message) => {
    const properties = message.mqttProperties;
    if (!properties || typeof name !== 'string') return undefined;
    switch (name.toLowerCase()) {
      case 'format_indicator':
        return properties.payloadFormatIndicator === undefined
          ? undefined
          : PAYLOAD_FORMATS[properties.payloadFormatIndicator];
      case 'content_type':
        return properties.contentType;
      case 'response_topic':
        return properties.responseTopic;
      case 'correlation_data':
        return properties.correlationData && Buffer.from(properties.correlationData).toString('base64');
      default:
        return undefined;
    }
  }),
  /** `get_thing_shadow(thing[, shadowName], roleArn)`: the role is accepted and not used. */
  defineFunction('get_thing_shadow', [2, 3], '2016-03-23', (args, _message, runtime) => {
    const [thing, shadow] = args;
    if (typeof thing !== 'string') return undefined;
    if (args.length === 3 && typeof shadow !== 'string') return undefined;
    return runtime.env.getThingShadow(thing, args.length === 3 ? (shadow as string) : undefined);
  }),
  /** All values sent under the key, in order (a key may repeat); Undefined when there is none. */
  defineFunction('get_user_properties', 1, '2016-03-23', ([key], message) => {
    const name = toStringValue(key as Value);
    const properties = message.mqttProperties?.userProperties;
    if (name === undefined || !properties) return undefined;
    const values = properties.filter(([k]) => k === name).map(([, v]) => v);
    return values.length > 0 ? values : undefined;
  }),
  defineFunction('principal', 0, '2015-10-08', (_args, message) => message.principal),
  defineFunction('sourceip', 0, '2016-03-23', (_args, message) => message.sourceIp),
  defineFunction('sql_version', 0, '2015-10-08', (_args, _message, runtime) => runtime.version),
  defineFunction('timestamp', 0, '2015-10-08', (_args, message, runtime) => message.timestamp ?? runtime.env.now()),
  defineFunction('topic', [0, 1], '2015-10-08', (args, message) => {
    const topic = ruleTopic(message.topic);
    if (args.length === 0) return topic;
    const n = toFlooredInt(args[0]);
    return n === undefined ? undefined : topicLevel(topic, n);
  }),
  defineFunction('traceid', 0, '2015-10-08', (_args, message) => message.traceId),
];
