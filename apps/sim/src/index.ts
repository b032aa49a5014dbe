export interface SimulatedDeviceSpec {
  /** Also the MQTT client id unless clientId is given. */
  thingName: string;
  clientId?: string;
  certificatePem: string;
  privateKeyPem: string;
}

export interface SimulatorOptions {
  /** mqtts://host:port */
  mqttsUrl: string;
  /** The platform CA (server certificate trust). */
  caCertificatePem: string;
  devices: SimulatedDeviceSpec[];
  /** Telemetry: topic template with {thing}; a JSON object per interval. Off when absent. */
  telemetry?: { topic: string; intervalMs: number; fields?: Record<string, { min: number; max: number }> };
  /** Delay before a device reports a desired state it received in a delta (default 200 ms). */
  reportDelayMs?: number;
  /** Reported state each device publishes right after connecting (e.g. { lamp: false, brightness: 40 }). */
  initialReported?: Record<string, unknown>;
}

export interface SimulatedDevice {
  readonly thingName: string;
  readonly online: boolean;
  /** What it last reported. */
  reported(): Record<string, unknown>;
  /** Clean MQTT disconnect; ignores deltas while offline. */
  goOffline(): Promise<void>;
  /** Reconnect; gets the shadow, applies any delta, reports. */
  goOnline(): Promise<void>;
  setReportDelayMs(ms: number): void;
  /** Stays online but does not answer deltas. */
  setIgnoreDeltas(ignore: boolean): void;
}

export interface Simulator {
  readonly devices: SimulatedDevice[];
  device(thingName: string): SimulatedDevice;
  close(): Promise<void>;
}

export { startSimulator } from './simulator.js';
