import type { MaybePromise } from '../service/rule-store.js';

/** MQTT 5 properties of a republished message. */
export interface RepublishProperties {
  payloadFormatIndicator?: boolean;
  contentType?: string;
  responseTopic?: string;
  correlationData?: Uint8Array;
  messageExpiryInterval?: number;
  userProperties?: Record<string, string | string[]>;
}

export interface RepublishMessage {
  topic: string;
  payload: Uint8Array;
  qos: 0 | 1;
  retain: boolean;
  properties?: RepublishProperties;
}

export interface TimeseriesRow {
  deviceKey: string;
  /** Epoch milliseconds. */
  time: number;
  /** JSON text of the output object. */
  values: string;
}

/** What the actions need from the platform. Missing optional ports make their actions fail with a clear error. */
export interface RuleActionPorts {
  /** Publishes through the broker (subscribers and rules see it); throws for an invalid topic. */
  publish(message: RepublishMessage): void;
  /** Sends an update request document to a thing's shadow (classic when shadowName is undefined). */
  updateShadow?(thingName: string, shadowName: string | undefined, document: Uint8Array): Promise<unknown>;
  /** Stores one time-series row; resolves once it is stored. */
  appendTimeseries?(row: TimeseriesRow): MaybePromise<void>;
  /** HTTP client for http actions (default: the global fetch). */
  fetch?: typeof fetch;
  /** Whether an http action may call this URL (a confirmed destination covers it). */
  isUrlAllowed?(url: string): MaybePromise<boolean>;
}
