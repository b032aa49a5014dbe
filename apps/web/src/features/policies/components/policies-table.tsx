import { useInfiniteQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../lib/api-client';
import { policyQueries } from '../api/policy-queries';

export function PoliciesTable() {
  const id = useId();
  const policies = useInfiniteQuery(policyQueries.list());
  const rows = policies.data?.pages.flatMap((page) => page.policies) ?? [];

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Policy list</h2>
      {policies.isPending && <p className="muted">Loading policies…</p>}
      {policies.isError && (
        <p role="alert" className="alert">
          {errorMessage(policies.error)}
        </p>
      )}
      {policies.isSuccess &&
        (rows.length === 0 ? (
          <p className="muted">No policies yet. Create one to let devices connect, publish and subscribe.</p>
        ) : (
          <div className="table-scroll">
            <table className="table" aria-labelledby={`${id}-title`}>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">ARN</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((policy) => (
                  <tr key={policy.policyName}>
                    <td>
                      <Link to={`/policies/${encodeURIComponent(policy.policyName)}`}>{policy.policyName}</Link>
                    </td>
                    <td>
                      <code className="muted">{policy.policyArn}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {policies.hasNextPage && (
        <button
          type="button"
          className="button button--small"
          disabled={policies.isFetchingNextPage}
          onClick={() => void policies.fetchNextPage()}
        >
          Load more policies
        </button>
      )}
    </section>
  );
}
