import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { type CliOptions, parseCliOptions, USAGE, UsageError } from './cli-options.js';
import { CredentialsFolder } from './credentials-folder.js';
import type { SimulatedDeviceSpec, Simulator } from './index.js';
import { ConsoleApiClient } from './provisioning.js';
import { Reconnector } from './reconnector.js';
import type { DeviceEvent } from './simulated-device.js';
import { startSimulator } from './simulator.js';
import { parseStdinCommand, STDIN_HELP } from './stdin-commands.js';

/** A device whose connection dropped (not by `offline`) tries again after this long. */
const RECONNECT_DELAY_MS = 5000;
/** Devices provisioned at once through the console API. */
const PROVISIONING_PARALLELISM = 8;

const log = (message: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${message}`);

function describeEvent(event: DeviceEvent): string | undefined {
  switch (event.type) {
    case 'connected':
      return 'connected';
    case 'connection-lost':
      return `connection lost (${event.reason}); reconnecting in ${RECONNECT_DELAY_MS / 1000} s`;
    case 'delta':
      return `delta v${event.version}: ${JSON.stringify(event.state)}`;
    case 'delta-ignored':
      return `delta v${event.version} ignored`;
    case 'reported':
      return `reported ${JSON.stringify(event.state)}`;
    case 'error':
      return `error: ${event.error.message}`;
  }
}

/** Stored credentials where there are some; the other devices are provisioned and their credentials stored. */
async function credentialsFor(options: CliOptions, folder: CredentialsFolder): Promise<SimulatedDeviceSpec[]> {
  const thingNames = Array.from({ length: options.count }, (_, i) => `${options.prefix}${i + 1}`);
  const stored = await Promise.all(thingNames.map((thingName) => folder.load(thingName)));
  const missing = thingNames.filter((_, i) => stored[i] === undefined);
  if (missing.length === 0) {
    log(`using the stored credentials of ${thingNames.length} devices in ${folder.dir}`);
    return stored.filter((device) => device !== undefined);
  }
  if (options.password === undefined) {
    throw new UsageError(
      `${missing.length} devices need credentials: give the console password with --password or MERIDIAN_ADMIN_PASSWORD`,
    );
  }
  const api = await ConsoleApiClient.signIn(options.apiUrl, options.username, options.password);
  log(`provisioning ${missing.length} devices through ${options.apiUrl} (credentials in ${folder.dir})`);
  const provisioned = new Map<string, SimulatedDeviceSpec>();
  for (let i = 0; i < missing.length; i += PROVISIONING_PARALLELISM) {
    await Promise.all(
      missing.slice(i, i + PROVISIONING_PARALLELISM).map(async (thingName) => {
        const device = await api.provisionDevice(thingName);
        await folder.save(device);
        await folder.saveCa(device.caCertificatePem);
        provisioned.set(thingName, device);
      }),
    );
  }
  return thingNames.map((thingName, i) => stored[i] ?? provisioned.get(thingName)!);
}

async function caCertificate(options: CliOptions, folder: CredentialsFolder): Promise<string> {
  if (options.caFile !== undefined) return readFile(options.caFile, 'utf8');
  const stored = await folder.loadCa();
  if (stored === undefined) {
    throw new UsageError(`no CA certificate in ${folder.dir}: give the platform's (data/pki/ca.crt) with --ca`);
  }
  return stored;
}

function printStatus(simulator: Simulator): void {
  for (const device of simulator.devices) {
    log(`${device.thingName} ${device.online ? 'online ' : 'offline'} ${JSON.stringify(device.reported())}`);
  }
}

async function run(options: CliOptions): Promise<void> {
  const folder = new CredentialsFolder(options.dir);
  const devices = await credentialsFor(options, folder);
  const caCertificatePem = await caCertificate(options, folder);

  let simulator: Simulator | undefined;
  const reconnector = new Reconnector(
    (thingName) => simulator?.devices.find((device) => device.thingName === thingName),
    RECONNECT_DELAY_MS,
    (thingName, error) =>
      log(`${thingName} could not reconnect: ${error.message}; trying again in ${RECONNECT_DELAY_MS / 1000} s`),
  );

  log(`connecting ${devices.length} devices to ${options.mqttsUrl}`);
  simulator = await startSimulator(
    {
      mqttsUrl: options.mqttsUrl,
      caCertificatePem,
      devices,
      reportDelayMs: options.reportDelayMs,
      initialReported: options.initialReported,
      ...(options.telemetry ? { telemetry: options.telemetry } : {}),
    },
    (thingName, event) => {
      const text = describeEvent(event);
      if (text) log(`${thingName} ${text}`);
      reconnector.observe(thingName, event);
    },
  ).catch((error: Error) => {
    throw new Error(
      `${error.message}\n(stored credentials belong to the platform that issued them: after its data was reset, delete ${folder.dir})`,
    );
  });
  const telemetry = options.telemetry;
  log(
    `${devices.length} devices online` +
      (telemetry ? `, telemetry on ${telemetry.topic} every ${telemetry.intervalMs} ms` : ', no telemetry') +
      '. Type help for commands, Ctrl-C to stop.',
  );

  const running = simulator;
  const input = createInterface({ input: process.stdin, terminal: false });
  input.on('line', (line) => {
    const command = parseStdinCommand(line);
    switch (command.name) {
      case 'none':
        return;
      case 'invalid':
        log(command.message);
        return;
      case 'help':
        console.log(STDIN_HELP);
        return;
      case 'status':
        printStatus(running);
        return;
    }
    const device = running.devices.find((d) => d.thingName === command.thingName);
    if (!device) {
      log(`no device named ${command.thingName} (they are ${options.prefix}1 .. ${options.prefix}${options.count})`);
      return;
    }
    if (command.name === 'offline') reconnector.keepOffline(device.thingName);
    else reconnector.release(device.thingName);
    const change = command.name === 'offline' ? device.goOffline() : device.goOnline();
    change.then(
      () => log(`${device.thingName} ${command.name}`),
      (error: Error) => log(`${device.thingName} could not go ${command.name}: ${error.message}`),
    );
  });

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  reconnector.stop();
  input.close();
  log('disconnecting the devices');
  await running.close();
}

async function main(): Promise<void> {
  let options: CliOptions | 'help';
  try {
    // Through pnpm the script runs in the package's folder; relative paths mean the caller's.
    options = parseCliOptions(process.argv.slice(2), process.env, process.env.INIT_CWD ?? process.cwd());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\nRun with --help for the options.`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  try {
    await run(options);
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}

await main();
// Sockets and timers of devices that never connected must not keep a finished run alive.
process.exit();
