import type { RepublishMessage, RuleActionPorts, TimeseriesRow } from '../actions/ports.js';
import { ruleEnvironment } from '../environment.js';
import { MemoryRuleStore } from './memory-rule-store.js';
import { RuleService } from './rule.service.js';
import { type IncomingMessage, RuleEngine, type RuleEngineOptions } from './rule-engine.js';

export interface ShadowUpdate {
  thingName: string;
  shadowName: string | undefined;
  document: string;
}

/** A RuleService and RuleEngine over a memory store with recording ports; `published` messages loop back. */
export function newTestRules(
  options: Partial<Omit<RuleEngineOptions, 'ports'>> & {
    requireConfirmedDestinations?: boolean;
    ports?: Partial<RuleActionPorts>;
  } = {},
) {
  const published: RepublishMessage[] = [];
  const shadowUpdates: ShadowUpdate[] = [];
  const rows: TimeseriesRow[] = [];
  const store = new MemoryRuleStore();
  let service: RuleService | undefined;
  let clock = Date.UTC(2026, 0, 1, 12);
  const ports: RuleActionPorts = {
    publish(message) {
      published.push(message);
      // Like the broker: a platform publish is seen by the rules too.
      engine.handlePublish({ topic: message.topic, payload: message.payload, timestamp: clock });
    },
    async updateShadow(thingName, shadowName, document) {
      shadowUpdates.push({ thingName, shadowName, document: Buffer.from(document).toString('utf8') });
    },
    appendTimeseries(row) {
      rows.push(row);
    },
    isUrlAllowed: (url) => service?.isUrlAllowed(url) ?? true,
    ...options.ports,
  };
  let trace = 0;
  const engine = new RuleEngine({
    environment: ruleEnvironment({ now: () => clock }),
    newTraceId: () => `trace-${++trace}`,
    now: () => clock,
    ...options,
    ports,
  });
  service = new RuleService({
    store,
    engine,
    now: () => clock,
    requireConfirmedDestinations: options.requireConfirmedDestinations ?? false,
  });
  const publish = (topic: string, payload: string | object, extra: Partial<IncomingMessage> = {}) => {
    const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
    engine.handlePublish({ topic, payload: Buffer.from(text), timestamp: clock, clientId: 'device-1', ...extra });
  };
  return {
    sut: service,
    engine,
    store,
    published,
    shadowUpdates,
    rows,
    publish,
    setClock: (ms: number) => {
      clock = ms;
    },
    publishedText: () => published.map((m) => ({ topic: m.topic, payload: Buffer.from(m.payload).toString('utf8') })),
  };
}
