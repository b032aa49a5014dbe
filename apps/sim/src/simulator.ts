import type { SimulatedDevice, Simulator, SimulatorOptions } from './index.js';
import { type DeviceObserver, SimulatedMqttDevice } from './simulated-device.js';
import { checkTelemetryFields, DEFAULT_TELEMETRY_FIELDS } from './telemetry.js';

const DEFAULT_REPORT_DELAY_MS = 200;

function checkOptions(options: SimulatorOptions): void {
  const names = new Set<string>();
  for (const { thingName } of options.devices) {
    if (names.has(thingName)) throw new Error(`device ${thingName} is listed twice`);
    names.add(thingName);
  }
  const { telemetry, reportDelayMs } = options;
  if (telemetry) {
    if (!Number.isFinite(telemetry.intervalMs) || telemetry.intervalMs <= 0) {
      throw new RangeError(`telemetry interval must be a number > 0, got ${telemetry.intervalMs}`);
    }
    if (!telemetry.topic.includes('{thing}')) {
      throw new Error(`telemetry topic "${telemetry.topic}" needs {thing} so that each device has its own topic`);
    }
    checkTelemetryFields(telemetry.fields ?? DEFAULT_TELEMETRY_FIELDS);
  }
  if (reportDelayMs !== undefined && (!Number.isFinite(reportDelayMs) || reportDelayMs < 0)) {
    throw new RangeError(`report delay must be a number >= 0, got ${reportDelayMs}`);
  }
}

/**
 * Connects every device over TLS with its certificate; resolves once each one is connected, has
 * reported its initial state and has taken any delta its shadow already had. When one device cannot
 * connect, the others are disconnected again and the promise rejects with that device's error.
 */
export async function startSimulator(options: SimulatorOptions, observe?: DeviceObserver): Promise<Simulator> {
  checkOptions(options);
  const { telemetry } = options;
  const settings = {
    mqttsUrl: options.mqttsUrl,
    caCertificatePem: options.caCertificatePem,
    telemetry: telemetry && { ...telemetry, fields: telemetry.fields ?? DEFAULT_TELEMETRY_FIELDS },
    reportDelayMs: options.reportDelayMs ?? DEFAULT_REPORT_DELAY_MS,
    initialReported: options.initialReported ?? {},
  };
  const devices = options.devices.map((spec) => new SimulatedMqttDevice(spec, settings, observe));
  const byName = new Map<string, SimulatedDevice>(devices.map((device) => [device.thingName, device]));
  const close = async () => {
    await Promise.all(devices.map((device) => device.goOffline()));
  };

  const started = await Promise.allSettled(devices.map((device) => device.goOnline()));
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await close();
    const device = devices[started.indexOf(failed)];
    throw new Error(`device ${device?.thingName} could not start: ${(failed.reason as Error).message}`, {
      cause: failed.reason,
    });
  }
  return {
    devices,
    device(thingName) {
      const device = byName.get(thingName);
      if (!device) throw new Error(`no simulated device named ${thingName}`);
      return device;
    },
    close,
  };
}
