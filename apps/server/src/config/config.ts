import { isAbsolute, resolve } from 'node:path';
import { defaultShadowSettings } from '@meridian/shadow';

/** One setting: the environment variable that sets it, its default and how its text is read. */
interface SettingSpec<T> {
  env: string;
  description: string;
  default: string;
  parse: (raw: string) => T;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

function port(raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > 65535) throw new Error('must be a port number from 0 to 65535');
  return value;
}

function portOrOff(raw: string): number | null {
  return raw.toLowerCase() === 'off' ? null : port(raw);
}

function nonNegativeInteger(raw: string): number {
  if (!/^\d+$/.test(raw)) throw new Error('must be a whole number, 0 or more');
  return Number(raw);
}

function positiveInteger(raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error('must be a whole number greater than 0');
  return Number(raw);
}

function boolean(raw: string): boolean {
  const lower = raw.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lower)) return true;
  if (['false', '0', 'no', 'off'].includes(lower)) return false;
  throw new Error('must be true or false');
}

function text(raw: string): string {
  return raw;
}

function hostNameList(raw: string): string[] {
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  for (const name of names) {
    if (!/^[A-Za-z0-9.:-]+$/.test(name)) throw new Error(`"${name}" is not a host name or IP address`);
  }
  return names;
}

function logLevel(raw: string): LogLevel {
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) throw new Error(`must be one of ${LOG_LEVELS.join(', ')}`);
  return raw as LogLevel;
}

function awsRegion(raw: string): string {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(raw) || raw.length > 32) {
    throw new Error('must be a region name such as us-east-1 (lowercase letters, digits and single dashes)');
  }
  return raw;
}

function awsAccountId(raw: string): string {
  if (!/^\d{12}$/.test(raw)) throw new Error('must be 12 digits');
  return raw;
}

function adminPassword(raw: string): string {
  if (raw.length > 0 && raw.length < 8) throw new Error('must be empty (generate one) or at least 8 characters');
  return raw;
}

export const SETTINGS = {
  dataDir: {
    env: 'DATA_DIR',
    default: './data',
    description:
      'Folder for the SQLite database, the PKI (CA and server keys), the access-key encryption key and the first access key; created on first start.',
    parse: text,
  },
  host: {
    env: 'HOST',
    default: '0.0.0.0',
    description: 'Address every listener binds to.',
    parse: text,
  },
  httpPort: {
    env: 'HTTP_PORT',
    default: '3000',
    description: 'Console, console API (`/api`) and `/health`.',
    parse: port,
  },
  httpTls: {
    env: 'HTTP_TLS',
    default: 'false',
    description: 'Serve the console over HTTPS with the platform server certificate (session cookies become Secure).',
    parse: boolean,
  },
  mqttsPort: {
    env: 'MQTTS_PORT',
    default: '8883',
    description: 'MQTT over TLS; a registered, ACTIVE client certificate is required.',
    parse: port,
  },
  wssPort: {
    env: 'WSS_PORT',
    default: '8443',
    description: 'MQTT over secure WebSocket at path `/mqtt`; a registered, ACTIVE client certificate is required.',
    parse: port,
  },
  awsApiPort: {
    env: 'AWS_API_PORT',
    default: '9443',
    description:
      'AWS-compatible REST API (HTTPS with the platform server certificate; requests signed with access keys, SigV4).',
    parse: port,
  },
  mqttTcpPort: {
    env: 'MQTT_TCP_PORT',
    default: 'off',
    description: 'Plain-TCP MQTT without TLS, for local tests only; `off` disables it.',
    parse: portOrOff,
  },
  publicHostNames: {
    env: 'PUBLIC_HOST_NAMES',
    default: '',
    description:
      'Comma-separated extra host names/IPs for the server certificate (localhost and 127.0.0.1 are always in it).',
    parse: hostNameList,
  },
  awsRegion: {
    env: 'AWS_REGION',
    default: 'us-east-1',
    description:
      'Region in the ARNs of the platform resources (`arn:aws:iot:<region>:<account>:thing/...`), as IoT policies name them.',
    parse: awsRegion,
  },
  awsAccountId: {
    env: 'AWS_ACCOUNT_ID',
    default: '123456789012',
    description: 'Account id (12 digits) in the ARNs of the platform resources.',
    parse: awsAccountId,
  },
  adminPassword: {
    env: 'ADMIN_PASSWORD',
    default: '',
    description: 'Password of the `admin` account created on first start; empty = generate one and log it once.',
    parse: adminPassword,
  },
  sessionTtlHours: {
    env: 'SESSION_TTL_HOURS',
    default: '12',
    description: 'Lifetime of a console session.',
    parse: positiveInteger,
  },
  endUserConfirmTimeoutMs: {
    env: 'END_USER_CONFIRM_TIMEOUT_MS',
    default: '10000',
    description:
      'How long the My devices page waits for a device to report a change before showing it as not confirmed.',
    parse: positiveInteger,
  },
  deviceCertValidityDays: {
    env: 'DEVICE_CERT_VALIDITY_DAYS',
    default: '365',
    description: 'Validity of device certificates created by the platform.',
    parse: positiveInteger,
  },
  mqttMaxPayloadBytes: {
    env: 'MQTT_MAX_PAYLOAD_BYTES',
    default: String(128 * 1024),
    description: 'Largest PUBLISH payload accepted (AWS: 128 KB).',
    parse: positiveInteger,
  },
  mqttPublishRatePerSecond: {
    env: 'MQTT_PUBLISH_RATE_PER_SECOND',
    default: '100',
    description: 'Inbound publishes per second per connection (AWS: 100); 0 = unlimited.',
    parse: nonNegativeInteger,
  },
  mqttConnectRatePerSecond: {
    env: 'MQTT_CONNECT_RATE_PER_SECOND',
    default: '1',
    description: 'CONNECTs per second per client id (AWS: 1, with a burst of 3); 0 = unlimited.',
    parse: nonNegativeInteger,
  },
  mqttMaxSubscriptionsPerConnection: {
    env: 'MQTT_MAX_SUBSCRIPTIONS_PER_CONNECTION',
    default: '50',
    description: 'Subscriptions one connection may hold (AWS: 50).',
    parse: positiveInteger,
  },
  mqttMaxSessionExpirySeconds: {
    env: 'MQTT_MAX_SESSION_EXPIRY_SECONDS',
    default: '3600',
    description: 'Longest persistent-session expiry; also the expiry of MQTT 3.1.1 persistent sessions (AWS: 1 h).',
    parse: positiveInteger,
  },
  mqttMaxQueuedMessages: {
    env: 'MQTT_MAX_QUEUED_MESSAGES',
    default: '1000',
    description:
      'QoS 1/2 messages queued per offline session (oldest dropped beyond it); for connected sessions the level at which publishers are slowed down.',
    parse: positiveInteger,
  },
  mqttResumeRatePerSecond: {
    env: 'MQTT_RESUME_RATE_PER_SECOND',
    default: '10',
    description:
      'Messages per second sent to a resumed persistent session from what was queued while it was offline (AWS: 10); 0 = all at once.',
    parse: nonNegativeInteger,
  },
  mqttAwsTopicSemantics: {
    env: 'MQTT_AWS_TOPIC_SEMANTICS',
    default: 'false',
    description:
      'AWS IoT instead of MQTT-spec behaviour: retained messages only for a filter equal to the topic, `a/#` does not match `a`.',
    parse: boolean,
  },
  shadowMaxDocumentBytes: {
    env: 'SHADOW_MAX_DOCUMENT_BYTES',
    default: String(defaultShadowSettings.maxDocumentBytes),
    description:
      'Largest stored shadow state (`desired` + `reported` JSON after the merge, metadata excluded); beyond it 413 (AWS: 8 KB).',
    parse: positiveInteger,
  },
  shadowMaxDepth: {
    env: 'SHADOW_MAX_DEPTH',
    default: String(defaultShadowSettings.maxDepth),
    description:
      'Deepest nesting in a shadow update, counting `desired`/`reported` as level 1; deeper is refused with 400 (AWS: 6).',
    parse: positiveInteger,
  },
  shadowMaxRequestBytes: {
    env: 'SHADOW_MAX_REQUEST_BYTES',
    default: String(defaultShadowSettings.maxRequestBytes),
    description: 'Largest shadow request body parsed at all; larger is refused with 413 before parsing.',
    parse: positiveInteger,
  },
  shadowHistoryLength: {
    env: 'SHADOW_HISTORY_LENGTH',
    default: String(defaultShadowSettings.keepVersions),
    description: 'Accepted versions kept per shadow for the console history (not an AWS feature); 0 keeps none.',
    parse: nonNegativeInteger,
  },
  shadowTombstoneRetentionSeconds: {
    env: 'SHADOW_TOMBSTONE_RETENTION_SECONDS',
    default: String(defaultShadowSettings.tombstoneRetentionSeconds),
    description:
      "How long a deleted shadow's version is remembered, so that a re-created shadow continues from it (AWS: 48 h).",
    parse: nonNegativeInteger,
  },
  shadowMaxInFlightPerThing: {
    env: 'SHADOW_MAX_IN_FLIGHT_PER_THING',
    default: String(defaultShadowSettings.maxInFlightPerThing),
    description: 'Shadow requests queued or running per thing before further ones get 429 (AWS: 10).',
    parse: positiveInteger,
  },
  shadowMaxInFlightPerClient: {
    env: 'SHADOW_MAX_IN_FLIGHT_PER_CLIENT',
    default: String(defaultShadowSettings.maxInFlightPerClient),
    description: 'MQTT shadow requests queued or running per client connection before further ones get 429 (AWS: 10).',
    parse: positiveInteger,
  },
  shadowMaxRequestsPerSecondPerThing: {
    env: 'SHADOW_MAX_REQUESTS_PER_SECOND_PER_THING',
    default: String(defaultShadowSettings.maxRequestsPerSecondPerThing),
    description:
      'Shadow get/update/delete requests per second per thing (MQTT and HTTP, all its shadows) before further ones get 429 (AWS: 20); 0 turns the limit off.',
    parse: nonNegativeInteger,
  },
  rulesHttpTimeoutMs: {
    env: 'RULES_HTTP_TIMEOUT_MS',
    default: '3000',
    description: 'Time an http rule action waits for an answer per attempt (AWS: 3000 ms).',
    parse: positiveInteger,
  },
  rulesHttpMaxAttempts: {
    env: 'RULES_HTTP_MAX_ATTEMPTS',
    default: '3',
    description:
      'Attempts of an http rule action in all; only 429, 5xx and network errors are retried, with doubling backoff.',
    parse: positiveInteger,
  },
  rulesHttpConfirmDestinations: {
    env: 'RULES_HTTP_CONFIRM_DESTINATIONS',
    default: 'true',
    description:
      'http rule actions may only call URLs under a destination an operator confirmed (AWS topic rule destinations).',
    parse: boolean,
  },
  rulesFunctionMaxTimeoutMs: {
    env: 'RULES_FUNCTION_MAX_TIMEOUT_MS',
    default: '5000',
    description: 'Largest timeoutMs a function rule action may ask for (default per action: 200 ms).',
    parse: positiveInteger,
  },
  rulesFunctionMaxMemoryMb: {
    env: 'RULES_FUNCTION_MAX_MEMORY_MB',
    default: '256',
    description: 'Largest memoryLimitMb a function rule action may ask for (default per action: 32 MB).',
    parse: positiveInteger,
  },
  rulesMaxInFlight: {
    env: 'RULES_MAX_IN_FLIGHT',
    default: '10000',
    description: 'Rule invocations whose actions may run at once; beyond it actions are dropped and counted as failed.',
    parse: positiveInteger,
  },
  rulesMaxRepublishHops: {
    env: 'RULES_MAX_REPUBLISH_HOPS',
    default: '8',
    description: 'Republish chains (a rule output triggering rules again) longer than this are stopped.',
    parse: positiveInteger,
  },
  rulesTimeseriesRetentionDays: {
    env: 'RULES_TIMESERIES_RETENTION_DAYS',
    default: '30',
    description: 'Rows stored by timeseries rule actions are deleted after this many days; 0 keeps them.',
    parse: nonNegativeInteger,
  },
  rulesCaptureTopics: {
    env: 'RULES_CAPTURE_TOPICS',
    default: '500',
    description:
      "Topics whose last 3 messages are kept for the rule builder's test panel (2 MiB in all); 0 keeps none.",
    parse: nonNegativeInteger,
  },
  logLevel: {
    env: 'LOG_LEVEL',
    default: 'info',
    description: `Log level: ${LOG_LEVELS.join(', ')}.`,
    parse: logLevel,
  },
} satisfies Record<string, SettingSpec<unknown>>;

type Settings = typeof SETTINGS;
export type Config = { [K in keyof Settings]: ReturnType<Settings[K]['parse']> };

/**
 * Reads every setting from the environment, applying defaults; collects every bad value so that
 * one failed start names all of them.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(SETTINGS) as Array<[keyof Settings, SettingSpec<unknown>]>) {
    const raw = env[spec.env]?.trim();
    try {
      values[key] = spec.parse(raw === undefined || raw === '' ? spec.default : raw);
    } catch (error) {
      problems.push(`${spec.env}=${JSON.stringify(raw)}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const config = values as Config;
  config.dataDir = isAbsolute(config.dataDir) ? config.dataDir : resolve(cwd, config.dataDir);
  return config;
}
