import type { TopicRuleListItem } from '@meridian/contracts';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../lib/api-client';
import { useCanWrite } from '../../auth/hooks/use-can-write';
import { useSetRuleEnabled } from '../api/rule-mutations';
import { ruleQueries } from '../api/rule-queries';

export function RulesTable() {
  const id = useId();
  const rules = useQuery(ruleQueries.list());
  const metrics = useQuery(ruleQueries.metrics());
  const rows = rules.data ?? [];
  // The list answer has no SQL (as AWS's ListTopicRules): each row's statement comes from its detail.
  const details = useQueries({ queries: rows.map((rule) => ruleQueries.detail(rule.ruleName)) });
  const setEnabled = useSetRuleEnabled();
  const canWrite = useCanWrite();

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Rule list</h2>
      {rules.isPending && <p className="muted">Loading rules…</p>}
      {rules.isError && (
        <p role="alert" className="alert">
          {errorMessage(rules.error)}
        </p>
      )}
      {setEnabled.isError && (
        <p role="alert" className="alert">
          {errorMessage(setEnabled.error)}
        </p>
      )}
      {rules.isSuccess &&
        (rows.length === 0 ? (
          <p className="muted">No rules yet.{canWrite && ' Create one to act on the messages devices publish.'}</p>
        ) : (
          <div className="table-scroll">
            <table className="table" aria-labelledby={`${id}-title`}>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">SQL</th>
                  <th scope="col">Enabled</th>
                  <th scope="col">Matched</th>
                  <th scope="col">Actions ok</th>
                  <th scope="col">Actions failed</th>
                  <th scope="col">Last error</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((rule, index) => {
                  const counters = metrics.data?.get(rule.ruleName);
                  return (
                    <tr key={rule.ruleName}>
                      <td>
                        <Link to={`/rules/${encodeURIComponent(rule.ruleName)}`}>{rule.ruleName}</Link>
                      </td>
                      <td>
                        <code className="break-all">{details[index]?.data?.rule.sql ?? fromOnly(rule)}</code>
                      </td>
                      <td>
                        {canWrite ? (
                          <label className="checkbox">
                            <input
                              type="checkbox"
                              checked={!rule.ruleDisabled}
                              disabled={setEnabled.isPending}
                              aria-label={`Enable ${rule.ruleName}`}
                              onChange={(event) =>
                                setEnabled.mutate({ ruleName: rule.ruleName, enabled: event.target.checked })
                              }
                            />
                            {rule.ruleDisabled ? 'off' : 'on'}
                          </label>
                        ) : rule.ruleDisabled ? (
                          'off'
                        ) : (
                          'on'
                        )}
                      </td>
                      <td>{counters?.messagesMatched ?? 0}</td>
                      <td>{counters?.actionsSucceeded ?? 0}</td>
                      <td>{counters?.actionsFailed ?? 0}</td>
                      <td className="small">{counters?.lastError?.message ?? ''}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}

function fromOnly(rule: TopicRuleListItem): string {
  return rule.topicPattern === undefined ? '' : `… FROM '${rule.topicPattern}'`;
}
