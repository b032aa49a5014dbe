import type { SqlVersion } from '../sql/sql-version.js';
import type { DecimalFactory } from '../values/decimal-arithmetic.js';
import type { Value } from '../values/value.js';

/** MQTT 5 PUBLISH properties a rule can read with `get_mqtt_property()` and `get_user_properties()`. */
export interface MqttMessageProperties {
  readonly payloadFormatIndicator?: 0 | 1;
  readonly contentType?: string;
  readonly responseTopic?: string;
  readonly correlationData?: Uint8Array;
  readonly messageExpiryInterval?: number;
  /** In the order they were sent; a key may repeat. */
  readonly userProperties?: readonly (readonly [string, string])[];
}

/** The message a rule is evaluated for, besides its parsed payload. */
export interface MessageContext {
  /** The topic as published (a Basic Ingest `$aws/rules/<rule>/` prefix is hidden from `topic()`). */
  readonly topic: string;
  /** MQTT client id; `clientid()` answers "n/a" when absent (e.g. HTTP publish). */
  readonly clientId?: string;
  /** Publisher's principal: the certificate id for certificate connections. */
  readonly principal?: string;
  /** Rules-engine time of the message in epoch milliseconds; `timestamp()` falls back to the clock. */
  readonly timestamp?: number;
  /** Trace id of an MQTT message; `traceid()` is Undefined without it. */
  readonly traceId?: string;
  readonly sourceIp?: string;
  /** The payload bytes as received, for `encode(*, 'base64')` on JSON payloads. */
  readonly raw?: Uint8Array;
  readonly mqttProperties?: MqttMessageProperties;
}

/** Reads a thing's shadow document (classic when `shadowName` is undefined); Undefined when it has none. */
export type ThingShadowReader = (thingName: string, shadowName: string | undefined) => Value;

/** What the platform gives every rule: identity, clock, randomness and ports. */
export interface RuleEnvironment {
  readonly accountId: string;
  readonly now: () => number;
  readonly random: () => number;
  readonly newUuid: () => string;
  readonly getThingShadow: ThingShadowReader;
}

/** Fixed per compiled statement: its version and environment. */
export interface Runtime {
  readonly version: SqlVersion;
  readonly decimal: DecimalFactory;
  readonly env: RuleEnvironment;
}
