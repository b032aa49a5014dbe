import type { Broker, PublishedMessage } from '@meridian/broker';
import { ShadowService, type ShadowSettings } from '@meridian/shadow';
import type { Config } from '../config/config.js';
import type { Db } from '../db/database.js';
import { mayUseShadow, type ShadowPrincipal } from './shadow-access.js';
import { SqliteShadowStore, type SqliteShadowStoreOptions } from './sqlite-shadow-store.js';

const SHADOW_TOPICS = '$aws/things/';

export interface ShadowWiring {
  service: ShadowService<ShadowPrincipal>;
  /** The service's store, for synchronous reads of current documents (`get_thing_shadow()` in rules). */
  store: SqliteShadowStore;
  /** Stops taking requests from the broker and waits for the ones being handled. */
  close(): Promise<void>;
}

export function shadowSettingsFrom(config: Config): Partial<ShadowSettings> {
  return {
    maxDocumentBytes: config.shadowMaxDocumentBytes,
    maxDepth: config.shadowMaxDepth,
    maxRequestBytes: config.shadowMaxRequestBytes,
    keepVersions: config.shadowHistoryLength,
    tombstoneRetentionSeconds: config.shadowTombstoneRetentionSeconds,
    maxInFlightPerThing: config.shadowMaxInFlightPerThing,
    maxInFlightPerClient: config.shadowMaxInFlightPerClient,
    maxRequestsPerSecondPerThing: config.shadowMaxRequestsPerSecondPerThing,
  };
}

/**
 * Whether a publish seen by the broker's tap is a device request for the shadow service. The
 * platform's own publishes (the service's responses among them) have no client id; retained
 * publishes and wills addressed to shadow topics are ignored, as AWS does (reference §1.2).
 */
export function isDeviceShadowRequest(message: PublishedMessage): message is PublishedMessage & { clientId: string } {
  return (
    message.clientId !== undefined &&
    !message.retain &&
    message.will !== true &&
    message.topic.startsWith(SHADOW_TOPICS)
  );
}

/**
 * The Device Shadow service on the running platform: shadows in SQLite, requests from device
 * publishes on `$aws/things/…/shadow/…` taken from the broker (whose PUBACK waits for the answer),
 * responses published through the broker at QoS 1 to whoever subscribed to them. Requests through the service's methods (AWS API,
 * console, device HTTPS, rules) are authorized by `mayUseShadow`.
 */
export function wireShadows(
  broker: Broker,
  db: Db,
  settings: Partial<ShadowSettings>,
  logger: { error(obj: object, msg?: string): void },
  storeOptions: SqliteShadowStoreOptions = {},
): ShadowWiring {
  const store = new SqliteShadowStore(db, storeOptions);
  const service = new ShadowService<ShadowPrincipal>(
    {
      store,
      publish: (topic, payload) => broker.publish({ topic, payload, qos: 1, retain: false }),
      authorize: mayUseShadow,
      logger,
    },
    settings,
  );
  const handling = new Set<Promise<unknown>>();
  // The device's PUBACK waits for the answer, so both leave in one write.
  const stopTap = broker.onRequest((message) => {
    if (!isDeviceShadowRequest(message)) return;
    const request = service
      .handleMqtt(message.topic, message.payload, message.clientId)
      .then(
        () => {},
        (error: unknown) => logger.error({ err: error, topic: message.topic }, 'shadow request failed'),
      )
      .finally(() => handling.delete(request));
    handling.add(request);
    return request;
  });
  return {
    service,
    store,
    async close() {
      stopTap();
      await Promise.allSettled([...handling]);
    },
  };
}
