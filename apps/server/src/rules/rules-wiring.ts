import type { Broker, PublishedMessage } from '@meridian/broker';
import {
  type RuleActionPorts,
  RuleEngine,
  RuleService,
  ruleEnvironment,
  type ThingShadowReader,
} from '@meridian/rules';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/config.js';
import type { Db } from '../db/database.js';
import { ClientPrincipals } from './client-principals.js';
import { RecentMessages } from './recent-messages.js';
import { toIncomingMessage } from './rule-message.js';
import { SqliteRuleStore } from './sqlite-rule-store.js';
import { SqliteTimeseriesStore } from './sqlite-timeseries-store.js';
import { TimeseriesFeed } from './timeseries-feed.js';

export interface RulesSettings {
  httpTimeoutMs: number;
  httpMaxAttempts: number;
  confirmDestinations: boolean;
  functionMaxTimeoutMs: number;
  functionMaxMemoryMb: number;
  maxInFlight: number;
  maxRepublishHops: number;
  timeseriesRetentionDays: number;
  /** Topics whose recent messages are kept for the test panel; 0 turns the capture off. */
  captureTopics: number;
  /** Region and account in rule ARNs (AWS_REGION, AWS_ACCOUNT_ID). */
  region: string;
  accountId: string;
}

export function rulesSettingsFrom(config: Config): RulesSettings {
  return {
    httpTimeoutMs: config.rulesHttpTimeoutMs,
    httpMaxAttempts: config.rulesHttpMaxAttempts,
    confirmDestinations: config.rulesHttpConfirmDestinations,
    functionMaxTimeoutMs: config.rulesFunctionMaxTimeoutMs,
    functionMaxMemoryMb: config.rulesFunctionMaxMemoryMb,
    maxInFlight: config.rulesMaxInFlight,
    maxRepublishHops: config.rulesMaxRepublishHops,
    timeseriesRetentionDays: config.rulesTimeseriesRetentionDays,
    captureTopics: config.rulesCaptureTopics,
    region: config.awsRegion,
    accountId: config.awsAccountId,
  };
}

export interface Rules {
  service: RuleService;
  engine: RuleEngine;
  timeseries: SqliteTimeseriesStore;
  /** Rows as they are stored, for the console's live charts. */
  timeseriesFeed: TimeseriesFeed;
  /** The last messages per topic, for the rule builder's test panel. */
  recentMessages: RecentMessages;
  /** The broker's Basic Ingest hook (`$aws/rules/{ruleName}/...`). */
  basicIngest(ruleName: string, message: PublishedMessage): void;
  close(): Promise<void>;
}

export interface RulesWiringPorts {
  /** Shadow updates for shadow actions; without it they fail with "No shadow service is configured". */
  updateShadow?: RuleActionPorts['updateShadow'];
  /** Current shadow documents for `get_thing_shadow()`; without it the function answers Undefined. */
  readShadow?: ThingShadowReader;
}

const DAY = 24 * 3600_000;

/**
 * The rules engine in the platform: rules in SQLite, evaluation on every accepted publish (the broker's
 * tap) and on Basic Ingest, republish through the broker, rows into the time-series store, retention.
 */
export async function wireRules(
  broker: Broker,
  db: Db,
  settings: RulesSettings,
  log: FastifyBaseLogger,
  ports: RulesWiringPorts = {},
): Promise<Rules> {
  const timeseries = new SqliteTimeseriesStore(db);
  const timeseriesFeed = new TimeseriesFeed();
  const principals = new ClientPrincipals(broker);
  const recentMessages = new RecentMessages({ maxTopics: settings.captureTopics });
  const capture = settings.captureTopics > 0;
  let service: RuleService | undefined;
  const engine = new RuleEngine({
    environment: ruleEnvironment(ports.readShadow ? { getThingShadow: ports.readShadow } : {}),
    ports: {
      publish: (message) => {
        const { correlationData, ...properties } = message.properties ?? {};
        broker.publish({
          topic: message.topic,
          // The same Buffer object reaches the tap below: loop protection recognises it.
          payload: message.payload as Buffer,
          qos: message.qos,
          retain: message.retain,
          ...(message.properties === undefined
            ? {}
            : {
                properties: {
                  ...properties,
                  ...(correlationData === undefined ? {} : { correlationData: Buffer.from(correlationData) }),
                },
              }),
        });
      },
      appendTimeseries: async (row) => {
        await timeseries.append(row);
        timeseriesFeed.stored(row);
      },
      isUrlAllowed: (url) => service?.isUrlAllowed(url) ?? false,
      ...(ports.updateShadow ? { updateShadow: ports.updateShadow } : {}),
    },
    http: { timeoutMs: settings.httpTimeoutMs, maxAttempts: settings.httpMaxAttempts },
    functions: { maxTimeoutMs: settings.functionMaxTimeoutMs, maxMemoryLimitMb: settings.functionMaxMemoryMb },
    maxInFlightActions: settings.maxInFlight,
    maxRepublishHops: settings.maxRepublishHops,
    principalOf: (clientId) => principals.principalOf(clientId),
    onInternalError: (error, ruleName) => log.error({ err: error, ruleName }, 'rule evaluation failed unexpectedly'),
  });
  service = new RuleService({
    store: new SqliteRuleStore(db),
    engine,
    requireConfirmedDestinations: settings.confirmDestinations,
    region: settings.region,
    accountId: settings.accountId,
  });
  for (const { ruleName, error } of await service.start()) {
    log.error({ ruleName, err: error }, 'a stored rule no longer compiles and is not run');
  }

  const untap = broker.onPublish((message) => {
    principals.observe(message);
    if (capture) recentMessages.capture(message);
    engine.handlePublishOf(message.topic, message, toIncomingMessage);
  });

  const sweep = () => {
    if (settings.timeseriesRetentionDays === 0) return;
    try {
      const deleted = timeseries.deleteOlderThan(Date.now() - settings.timeseriesRetentionDays * DAY);
      if (deleted > 0) log.info({ deleted }, 'deleted time-series rows past their retention');
    } catch (error) {
      log.error({ err: error }, 'time-series retention failed');
    }
  };
  sweep();
  const retention = setInterval(sweep, 3600_000);
  retention.unref();

  return {
    service,
    engine,
    timeseries,
    timeseriesFeed,
    recentMessages,
    basicIngest(ruleName, message) {
      engine.handleBasicIngest(ruleName, toIncomingMessage(message));
    },
    async close() {
      clearInterval(retention);
      untap();
      await engine.close();
      timeseries.flush();
    },
  };
}
