import type { AccessKeySummary } from '@meridian/contracts';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../utils/format-date';
import { accessKeyQueries } from '../api/access-key-queries';
import { useRevokeAccessKey } from '../api/use-revoke-access-key';

export function AccessKeysTable() {
  const id = useId();
  const accessKeys = useQuery(accessKeyQueries.list());
  const revoke = useRevokeAccessKey();

  function handleRevoke(accessKeyId: string) {
    const confirmed = window.confirm(
      `Revoke ${accessKeyId}? Requests signed with it are refused from now on. This cannot be undone.`,
    );
    if (confirmed) revoke.mutate(accessKeyId);
  }

  const error = accessKeys.isError ? accessKeys.error : revoke.isError ? revoke.error : null;

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Access key list</h2>
      {accessKeys.isPending && <p className="muted">Loading access keys…</p>}
      {error && (
        <p role="alert" className="alert">
          {errorMessage(error)}
        </p>
      )}
      {accessKeys.isSuccess &&
        (accessKeys.data.length === 0 ? (
          <p className="muted">No access keys yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="table" aria-labelledby={`${id}-title`}>
              <thead>
                <tr>
                  <th scope="col">Access key ID</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Description</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {newestFirst(accessKeys.data).map((key) => (
                  <tr key={key.accessKeyId}>
                    <td>
                      <code>{key.accessKeyId}</code>
                    </td>
                    <td>{key.owner}</td>
                    <td>{key.description || <span className="muted">—</span>}</td>
                    <td>
                      <span className={`badge badge--${key.status.toLowerCase()}`}>{key.status}</span>
                    </td>
                    <td>
                      <time dateTime={key.createdAt}>{formatDateTime(key.createdAt)}</time>
                    </td>
                    <td>
                      {key.lastUsedAt ? (
                        <time dateTime={key.lastUsedAt}>{formatDateTime(key.lastUsedAt)}</time>
                      ) : (
                        <span className="muted">never</span>
                      )}
                    </td>
                    <td>
                      {key.status === 'Active' && (
                        <button
                          type="button"
                          className="button button--small button--ghost-dark"
                          aria-label={`Revoke ${key.accessKeyId}`}
                          disabled={revoke.isPending && revoke.variables === key.accessKeyId}
                          onClick={() => handleRevoke(key.accessKeyId)}
                        >
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}

function newestFirst(keys: readonly AccessKeySummary[]): AccessKeySummary[] {
  return [...keys].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
