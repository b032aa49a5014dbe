import type { PublishedMessage } from '@meridian/broker';
import type { IncomingMessage, MqttMessageProperties } from '@meridian/rules';

/** The MQTT 5 properties of a broker message (mqtt-packet's names) as the rules engine reads them. */
export function mqttProperties(properties: Record<string, unknown> | undefined): MqttMessageProperties | undefined {
  if (properties === undefined) return undefined;
  const out: {
    -readonly [K in keyof MqttMessageProperties]: MqttMessageProperties[K];
  } = {};
  if (typeof properties.payloadFormatIndicator === 'boolean') {
    out.payloadFormatIndicator = properties.payloadFormatIndicator ? 1 : 0;
  }
  if (typeof properties.contentType === 'string') out.contentType = properties.contentType;
  if (typeof properties.responseTopic === 'string') out.responseTopic = properties.responseTopic;
  if (properties.correlationData instanceof Uint8Array) out.correlationData = properties.correlationData;
  if (typeof properties.messageExpiryInterval === 'number')
    out.messageExpiryInterval = properties.messageExpiryInterval;
  const users = properties.userProperties;
  if (typeof users === 'object' && users !== null) {
    const pairs: Array<[string, string]> = [];
    for (const [key, value] of Object.entries(users)) {
      for (const item of Array.isArray(value) ? value : [value]) pairs.push([key, String(item)]);
    }
    out.userProperties = pairs;
  }
  return out;
}

/** A broker message as the rules engine's input. */
export function toIncomingMessage(message: PublishedMessage): IncomingMessage {
  const properties = mqttProperties(message.properties);
  return {
    topic: message.topic,
    payload: message.payload,
    ...(message.clientId === undefined ? {} : { clientId: message.clientId }),
    timestamp: message.receivedAt.getTime(),
    ...(properties === undefined ? {} : { properties }),
  };
}
