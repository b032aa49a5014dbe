import { setTimeout as delay } from 'node:timers/promises';
import mqtt, { type MqttClient } from 'mqtt';
import type { SimulatedDevice, SimulatedDeviceSpec } from './index.js';
import { applyDelta, parseDeltaDocument, type State } from './shadow-state.js';
import { type TelemetryFields, telemetryReading, telemetryTopic } from './telemetry.js';

export interface DeviceSettings {
  mqttsUrl: string;
  caCertificatePem: string;
  telemetry?: { topic: string; intervalMs: number; fields: TelemetryFields };
  reportDelayMs: number;
  initialReported: State;
  /** How long a shadow request may wait for its answer. */
  requestTimeoutMs?: number;
}

/** What a device tells whoever runs it (the CLI prints these). */
export type DeviceEvent =
  | { type: 'connected' }
  | { type: 'connection-lost'; reason: string }
  | { type: 'delta'; state: State; version: number }
  | { type: 'delta-ignored'; version: number }
  | { type: 'reported'; state: State }
  | { type: 'error'; error: Error };

export type DeviceObserver = (thingName: string, event: DeviceEvent) => void;

interface ShadowAnswer {
  accepted: boolean;
  document: Record<string, unknown>;
}

interface PendingRequest {
  resolve(answer: ShadowAnswer): void;
  reject(error: Error): void;
}

/** One connection of a device; aborted when the device goes offline or the connection drops. */
interface Connection {
  client: MqttClient;
  abort: AbortController;
}

let requestCounter = 0;
const nextClientToken = () => `sim-${process.pid.toString(36)}-${(++requestCounter).toString(36)}`;

function connectClient(url: string, options: mqtt.IClientOptions): Promise<MqttClient> {
  const client = mqtt.connect(url, options);
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      client.removeAllListeners();
      client.on('error', () => {});
      client.end(true);
      reject(error);
    };
    client.once('connect', () => {
      client.removeAllListeners();
      resolve(client);
    });
    client.once('error', fail);
    client.once('close', () => fail(new Error(`connection to ${url} closed before CONNACK`)));
  });
}

/**
 * A device with its own certificate: publishes telemetry while online and keeps its classic shadow
 * in step (reports its state on connect, takes the desired values of each delta and reports them
 * after the report delay).
 */
export class SimulatedMqttDevice implements SimulatedDevice {
  readonly thingName: string;
  private readonly clientId: string;
  private readonly topics: { prefix: string; delta: string; answers: string[] };
  /** The device's own state: what it reported plus desired values it took but did not report yet. */
  private state: State;
  private lastReported: State = {};
  private lastDeltaVersion = 0;
  private reportDelayMs: number;
  private ignoreDeltas = false;
  private connection: Connection | undefined;
  private connecting: Promise<void> | undefined;
  private readonly pending = new Map<string, PendingRequest>();

  constructor(
    private readonly spec: SimulatedDeviceSpec,
    private readonly settings: DeviceSettings,
    private readonly observe: DeviceObserver = () => {},
  ) {
    this.thingName = spec.thingName;
    this.clientId = spec.clientId ?? spec.thingName;
    const prefix = `$aws/things/${spec.thingName}/shadow`;
    this.topics = {
      prefix,
      delta: `${prefix}/update/delta`,
      answers: ['update/accepted', 'update/rejected', 'get/accepted', 'get/rejected'].map((t) => `${prefix}/${t}`),
    };
    this.state = structuredClone(settings.initialReported);
    this.reportDelayMs = settings.reportDelayMs;
  }

  get online(): boolean {
    return this.connection !== undefined && this.connecting === undefined;
  }

  reported(): Record<string, unknown> {
    return structuredClone(this.lastReported);
  }

  setReportDelayMs(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`report delay must be a number >= 0, got ${ms}`);
    this.reportDelayMs = ms;
  }

  setIgnoreDeltas(ignore: boolean): void {
    this.ignoreDeltas = ignore;
  }

  goOnline(): Promise<void> {
    if (this.connection && !this.connecting) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  async goOffline(): Promise<void> {
    // A connect under way finishes first, so that it cannot bring the device back online afterwards.
    await this.connecting?.catch(() => {});
    const connection = this.connection;
    if (!connection) return;
    this.drop(connection, new Error(`${this.thingName} went offline`));
    await connection.client.endAsync();
  }

  private async connect(): Promise<void> {
    const client = await connectClient(this.settings.mqttsUrl, {
      clientId: this.clientId,
      ca: this.settings.caCertificatePem,
      cert: this.spec.certificatePem,
      key: this.spec.privateKeyPem,
      protocolVersion: 5,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
    });
    const connection: Connection = { client, abort: new AbortController() };
    this.connection = connection;
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
    client.on('error', (error) => this.observe(this.thingName, { type: 'error', error }));
    client.on('close', () => {
      if (this.connection !== connection) return;
      this.drop(connection, new Error(`${this.thingName} lost its connection`));
      this.observe(this.thingName, { type: 'connection-lost', reason: 'connection closed' });
    });
    try {
      await client.subscribeAsync([this.topics.delta, ...this.topics.answers], { qos: 1 });
      this.observe(this.thingName, { type: 'connected' });
      this.startTelemetry(connection);
      if (Object.keys(this.state).length > 0) await this.report(this.state, connection);
      const got = await this.request('get', {}, connection);
      const delta = got.accepted ? (got.document.state as { delta?: State } | undefined)?.delta : undefined;
      if (delta !== undefined && typeof got.document.version === 'number') {
        await this.takeDelta({ state: delta, version: got.document.version }, connection);
      }
    } catch (error) {
      if (this.connection === connection) {
        this.drop(connection, error as Error);
        client.end(true);
      }
      throw error;
    }
  }

  /** Forgets a connection: stops its timers and fails its open requests. */
  private drop(connection: Connection, reason: Error): void {
    if (this.connection === connection) this.connection = undefined;
    connection.abort.abort(reason);
    for (const request of this.pending.values()) request.reject(reason);
    this.pending.clear();
  }

  private startTelemetry(connection: Connection): void {
    const telemetry = this.settings.telemetry;
    if (!telemetry) return;
    const topic = telemetryTopic(telemetry.topic, this.thingName);
    const timer = setInterval(() => {
      const reading = JSON.stringify(telemetryReading(telemetry.fields, Date.now()));
      connection.client.publish(topic, reading, { qos: 1 }, (error) => {
        if (error && !connection.abort.signal.aborted) this.observe(this.thingName, { type: 'error', error });
      });
    }, telemetry.intervalMs);
    connection.abort.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
  }

  private onMessage(topic: string, payload: Buffer): void {
    const connection = this.connection;
    if (!connection) return;
    if (topic === this.topics.delta) {
      const delta = parseDeltaDocument(payload);
      if (delta === undefined) return;
      this.takeDelta(delta, connection).catch((error: Error) => {
        if (!connection.abort.signal.aborted) this.observe(this.thingName, { type: 'error', error });
      });
      return;
    }
    let document: Record<string, unknown>;
    try {
      document = JSON.parse(payload.toString()) as Record<string, unknown>;
    } catch {
      return;
    }
    const token = typeof document.clientToken === 'string' ? document.clientToken : undefined;
    const request = token === undefined ? undefined : this.pending.get(token);
    if (!request || token === undefined) return;
    this.pending.delete(token);
    request.resolve({ accepted: topic.endsWith('/accepted'), document });
  }

  /** Applies the desired values of a delta at once, and reports them after the report delay. */
  private async takeDelta(delta: { state: State; version: number }, connection: Connection): Promise<void> {
    if (delta.version <= this.lastDeltaVersion) return;
    if (this.ignoreDeltas) {
      this.observe(this.thingName, { type: 'delta-ignored', version: delta.version });
      return;
    }
    this.lastDeltaVersion = delta.version;
    this.observe(this.thingName, { type: 'delta', ...delta });
    this.state = applyDelta(this.state, delta.state);
    try {
      await delay(this.reportDelayMs, undefined, { signal: connection.abort.signal });
    } catch {
      return; // offline before the report was due: the next connect reports the whole state
    }
    await this.report(delta.state, connection);
  }

  private async report(state: State, connection: Connection): Promise<void> {
    const answer = await this.request('update', { state: { reported: state } }, connection);
    if (!answer.accepted) {
      throw new Error(`${this.thingName}: shadow update rejected: ${JSON.stringify(answer.document)}`);
    }
    this.lastReported = applyDelta(this.lastReported, state);
    this.observe(this.thingName, { type: 'reported', state: this.reported() });
  }

  /** Publishes a shadow request and resolves with its answer, matched by clientToken. */
  private request(operation: 'get' | 'update', body: object, connection: Connection): Promise<ShadowAnswer> {
    const clientToken = nextClientToken();
    const timeoutMs = this.settings.requestTimeoutMs ?? 10_000;
    return new Promise<ShadowAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(clientToken);
        reject(new Error(`${this.thingName}: no answer to shadow ${operation} within ${timeoutMs} ms`));
      }, timeoutMs);
      const settle =
        <T>(fn: (value: T) => void) =>
        (value: T) => {
          clearTimeout(timer);
          fn(value);
        };
      this.pending.set(clientToken, { resolve: settle(resolve), reject: settle(reject) });
      const payload = JSON.stringify({ ...body, clientToken });
      connection.client.publish(`${this.topics.prefix}/${operation}`, payload, { qos: 1 }, (error) => {
        if (!error) return;
        this.pending.delete(clientToken);
        clearTimeout(timer);
        reject(error);
      });
    });
  }
}
