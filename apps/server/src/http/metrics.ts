import type { Broker } from '@meridian/broker';
import type { RuleMonitor } from '@meridian/rules';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Registry } from 'prom-client';

export interface MetricsSources {
  broker: Broker;
  rules: RuleMonitor;
}

/**
 * Prometheus metrics: a registry whose values are read from the broker and the rule monitor at each
 * scrape (nothing is counted twice on the hot path).
 */
export function createMetricsRegistry({ broker, rules }: MetricsSources): Registry {
  const registry = new Registry();
  new Gauge({
    name: 'meridian_mqtt_clients',
    help: 'MQTT clients connected now.',
    registers: [registry],
    collect() {
      this.set(broker.clientCount);
    },
  });
  const ruleCounter = (name: string, help: string, read: (m: ReturnType<RuleMonitor['metrics']>) => number) =>
    new Counter({
      name,
      help,
      labelNames: ['rule'] as const,
      registers: [registry],
      collect() {
        // Rebuilt from the monitor at each scrape, so deleted rules disappear.
        this.reset();
        for (const metrics of rules.allMetrics()) this.inc({ rule: metrics.ruleName }, read(metrics));
      },
    });
  ruleCounter(
    'meridian_rule_messages_matched_total',
    'Messages that matched a rule (FROM and WHERE).',
    (m) => m.messagesMatched,
  );
  ruleCounter(
    'meridian_rule_evaluation_errors_total',
    'Messages whose rule SQL could not produce output.',
    (m) => m.evaluationErrors,
  );
  ruleCounter('meridian_rule_actions_succeeded_total', 'Rule actions that completed.', (m) => m.actionsSucceeded);
  ruleCounter('meridian_rule_actions_failed_total', 'Rule actions that failed.', (m) => m.actionsFailed);
  ruleCounter(
    'meridian_rule_error_actions_succeeded_total',
    'Error actions that completed.',
    (m) => m.errorActionsSucceeded,
  );
  ruleCounter('meridian_rule_error_actions_failed_total', 'Error actions that failed.', (m) => m.errorActionsFailed);
  new Gauge({
    name: 'meridian_rule_last_error_timestamp_seconds',
    help: 'Time of the last failure of a rule.',
    labelNames: ['rule'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const metrics of rules.allMetrics()) {
        if (metrics.lastError) this.set({ rule: metrics.ruleName }, Date.parse(metrics.lastError.at) / 1000);
      }
    },
  });
  return registry;
}

/** `GET /metrics` in the Prometheus text format (outside /api: scrapers have no console session). */
export function installMetricsRoute(app: FastifyInstance, registry: Registry): void {
  app.get('/metrics', async (_request, reply) => {
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
}
