import type { HttpDestinationStatus } from '@meridian/contracts';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../utils/format-date';
import { useCanWrite } from '../../auth/hooks/use-can-write';
import { useDeleteDestination, usePutDestination } from '../api/rule-mutations';
import { ruleQueries } from '../api/rule-queries';

/**
 * URL prefixes that HTTP actions may call. Confirming one is the operator's statement that rule output may
 * be sent there; actions to URLs under no confirmed destination fail.
 */
export function HttpDestinationsPanel() {
  const id = useId();
  const destinations = useQuery(ruleQueries.destinations());
  const put = usePutDestination();
  const remove = useDeleteDestination();
  const canWrite = useCanWrite();
  const [url, setUrl] = useState('');

  function handleAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = url.trim();
    if (!trimmed) return;
    if (!window.confirm(`Confirm ${trimmed}? Rules will be able to send their output to URLs starting with it.`))
      return;
    put.mutate({ url: trimmed, status: 'CONFIRMED' }, { onSuccess: () => setUrl('') });
  }

  function setStatus(destinationUrl: string, status: HttpDestinationStatus) {
    if (
      status === 'CONFIRMED' &&
      !window.confirm(`Confirm ${destinationUrl}? Rules will be able to send their output to URLs starting with it.`)
    )
      return;
    put.mutate({ url: destinationUrl, status });
  }

  function handleDelete(destinationUrl: string) {
    if (!window.confirm(`Delete destination ${destinationUrl}? HTTP actions calling it will fail.`)) return;
    remove.mutate(destinationUrl);
  }

  const rows = destinations.data ?? [];
  const error = put.error ?? remove.error;

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>HTTP destinations</h2>
      <p className="muted small">HTTP actions may call only URLs that start with a confirmed destination.</p>
      {destinations.isError && (
        <p role="alert" className="alert">
          {errorMessage(destinations.error)}
        </p>
      )}
      {destinations.isSuccess && rows.length === 0 && <p className="muted">No destinations yet.</p>}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="table" aria-labelledby={`${id}-title`}>
            <thead>
              <tr>
                <th scope="col">URL prefix</th>
                <th scope="col">Status</th>
                <th scope="col">Updated</th>
                {canWrite && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map((destination) => (
                <tr key={destination.url}>
                  <td>
                    <code className="break-all">{destination.url}</code>
                  </td>
                  <td>
                    <span className={`badge badge--${destination.status === 'CONFIRMED' ? 'active' : 'inactive'}`}>
                      {destination.status.toLowerCase()}
                    </span>
                  </td>
                  <td>{formatDateTime(destination.updatedAt)}</td>
                  {canWrite && (
                    <td className="row-actions">
                      {destination.status === 'CONFIRMED' ? (
                        <button
                          type="button"
                          className="button button--small"
                          aria-label={`Disable ${destination.url}`}
                          onClick={() => setStatus(destination.url, 'DISABLED')}
                        >
                          Disable
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="button button--small"
                          aria-label={`Confirm ${destination.url}`}
                          onClick={() => setStatus(destination.url, 'CONFIRMED')}
                        >
                          Confirm
                        </button>
                      )}
                      <button
                        type="button"
                        className="button button--small"
                        aria-label={`Delete ${destination.url}`}
                        onClick={() => handleDelete(destination.url)}
                      >
                        Delete
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canWrite && (
        <form className="inline-form" onSubmit={handleAdd} noValidate>
          <div className="inline-form__row">
            <div className="field">
              <label htmlFor={`${id}-url`}>Destination URL prefix</label>
              <input
                id={`${id}-url`}
                type="url"
                autoComplete="off"
                spellCheck={false}
                placeholder="https://hooks.example.com/"
                value={url}
                onChange={(event) => setUrl(event.target.value)}
              />
            </div>
            <button type="submit" className="button" disabled={put.isPending || url.trim() === ''}>
              Add confirmed destination
            </button>
          </div>
        </form>
      )}
      {error && (
        <p role="alert" className="alert">
          {errorMessage(error)}
        </p>
      )}
    </section>
  );
}
