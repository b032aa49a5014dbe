import type { AccessKeySummary } from '@meridian/contracts';
import { useQuery } from '@tanstack/react-query';
import { ConfirmButton, isPendingFor } from '../../../components/confirm-button';
import { firstMutationError, ListPanel } from '../../../components/list-panel';
import { formatDateTime } from '../../../utils/format-date';
import { accessKeyQueries } from '../api/access-key-queries';
import { useRevokeAccessKey } from '../api/use-revoke-access-key';

export function AccessKeysTable() {
  const accessKeys = useQuery(accessKeyQueries.list());
  const revoke = useRevokeAccessKey();

  return (
    <ListPanel
      title="Access key list"
      query={accessKeys}
      error={firstMutationError(revoke)}
      loadingText="Loading access keys…"
      empty="No access keys yet."
      isEmpty={(keys) => keys.length === 0}
    >
      {(keys, titleId) => (
        <div className="table-scroll">
          <table className="table" aria-labelledby={titleId}>
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
              {newestFirst(keys).map((key) => (
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
                      <ConfirmButton
                        label={`Revoke ${key.accessKeyId}`}
                        question={`Revoke ${key.accessKeyId}? Requests signed with it are refused from now on. This cannot be undone.`}
                        busy={isPendingFor(revoke, key.accessKeyId)}
                        onConfirm={() => revoke.mutate(key.accessKeyId)}
                      >
                        Revoke
                      </ConfirmButton>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </ListPanel>
  );
}

function newestFirst(keys: readonly AccessKeySummary[]): AccessKeySummary[] {
  return [...keys].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
