// The part of the AWS IoT Device SDK for JavaScript v1 (a CommonJS package without types) that the
// tests use: its thingShadow client.
declare module 'aws-iot-device-sdk' {
  import type { EventEmitter } from 'node:events';

  export interface DeviceOptions {
    host: string;
    port: number;
    clientId: string;
    protocol?: 'mqtts';
    servername?: string;
    privateKey: Buffer;
    clientCert: Buffer;
    caCert: Buffer;
    baseReconnectTimeMs?: number;
    keepalive?: number;
  }

  export interface RegisterOptions {
    qos?: 0 | 1;
    ignoreDeltas?: boolean;
    persistentSubscribe?: boolean;
    discardStale?: boolean;
    enableVersioning?: boolean;
  }

  export type ShadowStatus = 'accepted' | 'rejected';

  /**
   * Events: `connect`, `close`, `error`, `status` (thingName, status, clientToken, document),
   * `delta` (thingName, document), `foreignStateChange` (thingName, operation, document),
   * `timeout` (thingName, clientToken).
   */
  export class thingShadow extends EventEmitter {
    constructor(deviceOptions: DeviceOptions, thingShadowOptions?: { operationTimeout?: number });
    register(
      thingName: string,
      options: RegisterOptions,
      callback?: (error?: Error | string, failedTopics?: unknown[]) => void,
    ): void;
    /** Returns the request's clientToken, or null while another operation on the thing is pending. */
    update(thingName: string, stateObject: object): string | null;
    get(thingName: string, clientToken?: string): string | null;
    delete(thingName: string, clientToken?: string): string | null;
    end(force?: boolean, callback?: () => void): void;
  }
}
