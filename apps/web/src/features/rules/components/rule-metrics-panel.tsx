import type { RuleMetrics } from '@meridian/contracts';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { formatDateTime } from '../../../utils/format-date';
import { ruleQueries } from '../api/rule-queries';

/** Counters since the server started (or the rule was created), refreshed while shown. */
export function RuleMetricsPanel({ ruleName }: { ruleName: string }) {
  const id = useId();
  const metrics = useQuery(ruleQueries.metrics());
  const counters = metrics.data?.get(ruleName);

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Metrics</h2>
      <dl className="rule-metrics" aria-label="Rule metrics">
        <Fact label="Messages matched" value={counters?.messagesMatched ?? 0} />
        <Fact label="Actions succeeded" value={counters?.actionsSucceeded ?? 0} />
        <Fact label="Actions failed" value={counters?.actionsFailed ?? 0} />
        <Fact label="Error actions run" value={counters ? errorActionsRun(counters) : 0} />
        <Fact label="Evaluation errors" value={counters?.evaluationErrors ?? 0} />
      </dl>
      {counters?.lastError && (
        <p className="alert">
          Last error at <time dateTime={counters.lastError.at}>{formatDateTime(counters.lastError.at)}</time>:{' '}
          {counters.lastError.message}
        </p>
      )}
    </section>
  );
}

function errorActionsRun(metrics: RuleMetrics): number {
  return metrics.errorActionsSucceeded + metrics.errorActionsFailed;
}

function Fact({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
