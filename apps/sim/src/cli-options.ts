import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { STDIN_HELP } from './stdin-commands.js';
import type { TelemetryFields } from './telemetry.js';

export interface CliOptions {
  count: number;
  prefix: string;
  apiUrl: string;
  username: string;
  /** Needed only when some device has no stored credentials yet. */
  password: string | undefined;
  dir: string;
  mqttsUrl: string;
  /** A CA certificate file to trust instead of the one stored in `dir`. */
  caFile: string | undefined;
  telemetry: { topic: string; intervalMs: number; fields?: TelemetryFields } | undefined;
  reportDelayMs: number;
  initialReported: Record<string, unknown>;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: pnpm --filter @meridian/sim start -- --count <n> [options]

Runs <n> simulated devices against a running platform until Ctrl-C. Devices without stored
credentials are provisioned through the console API (thing + certificate + default device policy).

Options:
  --count <n>                 number of devices (required, 1-10000)
  --prefix <text>             thing names are <prefix>1 .. <prefix>n (default sim-)
  --api <url>                 console URL (default http://localhost:3000)
  --username <name>           console user that provisions devices (default admin)
  --password <password>       its password (default: env MERIDIAN_ADMIN_PASSWORD)
  --dir <folder>              where credentials are kept and reused (default ./data/sim)
  --mqtts <url>               device endpoint (default mqtts://<host of --api>:8883)
  --ca <file>                 CA certificate to trust (default: <dir>/ca.crt, from provisioning)
  --telemetry-topic <topic>   topic template, {thing} = thing name (default devices/{thing}/telemetry)
  --telemetry-interval <ms>   one reading per device every <ms>; 0 = no telemetry (default 1000)
  --telemetry-fields <json>   e.g. '{"temperature":{"min":18,"max":26}}' (default temperature, humidity)
  --report-delay <ms>         delay before a device reports desired values it took (default 200)
  --reported <json>           state each device reports on connecting, e.g. '{"lamp":false}'
  --help                      this text

While it runs, type on stdin:
${STDIN_HELP.replace('commands:\n', '')}`;

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

function jsonObject(name: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`--${name} must be JSON, got ${text}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`--${name} must be a JSON object, got ${text}`);
  }
  return value as Record<string, unknown>;
}

function telemetryFields(text: string): TelemetryFields {
  const fields = jsonObject('telemetry-fields', text);
  for (const [name, range] of Object.entries(fields)) {
    const { min, max } = (range ?? {}) as { min?: unknown; max?: unknown };
    if (typeof min !== 'number' || typeof max !== 'number' || min > max) {
      throw new UsageError(`--telemetry-fields: "${name}" needs {"min": <number>, "max": <number>} with min <= max`);
    }
  }
  return fields as TelemetryFields;
}

function httpUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--api must be a URL such as http://localhost:3000, got "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--api must be an http or https URL, got "${text}"`);
  }
  return url.origin;
}

function mqttsUrl(text: string): string {
  if (!/^mqtts:\/\/[^/]+$/.test(text)) throw new UsageError(`--mqtts must look like mqtts://host:port, got "${text}"`);
  return text;
}

/**
 * The command line of the CLI. `cwd` is where relative folders are resolved (the caller's folder,
 * not the package's, when run through pnpm). 'help' when asked for the usage text. Throws UsageError
 * with a message for bad input.
 */
export function parseCliOptions(
  argv: string[],
  env: Record<string, string | undefined>,
  cwd: string,
): CliOptions | 'help' {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv[0] === '--' ? argv.slice(1) : argv).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  if (values.count === undefined) throw new UsageError('--count is required');
  const apiUrl = httpUrl(values.api ?? 'http://localhost:3000');
  const intervalMs = integer('telemetry-interval', values['telemetry-interval'] ?? '1000', 0, 86_400_000);
  const topic = values['telemetry-topic'] ?? 'devices/{thing}/telemetry';
  if (!topic.includes('{thing}')) throw new UsageError(`--telemetry-topic needs {thing}, got "${topic}"`);
  const fieldsText = values['telemetry-fields'];
  const prefix = values.prefix ?? 'sim-';
  if (!/^[a-zA-Z0-9:_-]*$/.test(prefix)) {
    throw new UsageError(`--prefix may hold only letters, digits, ":", "_" and "-", got "${prefix}"`);
  }
  return {
    count: integer('count', values.count, 1, 10_000),
    prefix,
    apiUrl,
    username: values.username ?? 'admin',
    password: values.password ?? env.MERIDIAN_ADMIN_PASSWORD,
    dir: resolve(cwd, values.dir ?? 'data/sim'),
    mqttsUrl: mqttsUrl(values.mqtts ?? `mqtts://${new URL(apiUrl).hostname}:8883`),
    caFile: values.ca === undefined ? undefined : resolve(cwd, values.ca),
    telemetry:
      intervalMs === 0
        ? undefined
        : { topic, intervalMs, ...(fieldsText === undefined ? {} : { fields: telemetryFields(fieldsText) }) },
    reportDelayMs: integer('report-delay', values['report-delay'] ?? '200', 0, 3_600_000),
    initialReported: values.reported === undefined ? {} : jsonObject('reported', values.reported),
  };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      count: { type: 'string' },
      prefix: { type: 'string' },
      api: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      dir: { type: 'string' },
      mqtts: { type: 'string' },
      ca: { type: 'string' },
      'telemetry-topic': { type: 'string' },
      'telemetry-interval': { type: 'string' },
      'telemetry-fields': { type: 'string' },
      'report-delay': { type: 'string' },
      reported: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
}
