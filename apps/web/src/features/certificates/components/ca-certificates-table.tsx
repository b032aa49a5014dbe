import type { CaCertificateSummary, UpdateCaCertificateRequest } from '@meridian/contracts';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../utils/format-date';
import { useDeleteCaCertificate, useUpdateCaCertificate } from '../api/ca-certificate-mutations';
import { caCertificateQueries } from '../api/ca-certificate-queries';
import { shortId } from '../utils/short-id';

/** Registered CAs with their status and auto-registration, and the operator's actions on them. */
export function CaCertificatesTable() {
  const id = useId();
  const cas = useQuery(caCertificateQueries.list());
  const update = useUpdateCaCertificate();
  const remove = useDeleteCaCertificate();

  function change(ca: CaCertificateSummary, changes: UpdateCaCertificateRequest, question?: string) {
    if (question && !window.confirm(question)) return;
    remove.reset();
    update.mutate({ caCertificateId: ca.caCertificateId, ...changes });
  }

  function handleDelete(ca: CaCertificateSummary) {
    if (!window.confirm(`Delete the CA ${nameOf(ca)}? Certificates it issued can no longer connect.`)) return;
    update.reset();
    remove.mutate(ca.caCertificateId);
  }

  const error = cas.isError ? cas.error : update.isError ? update.error : remove.isError ? remove.error : null;

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>CA certificates</h2>
      {cas.isPending && <p className="muted">Loading CA certificates…</p>}
      {error && (
        <p role="alert" className="alert">
          {errorMessage(error)}
        </p>
      )}
      {cas.isSuccess &&
        (cas.data.length === 0 ? (
          <p className="muted">No CA is registered. Devices use certificates of the platform CA.</p>
        ) : (
          <div className="table-scroll">
            <table className="table" aria-labelledby={`${id}-title`}>
              <thead>
                <tr>
                  <th scope="col">CA</th>
                  <th scope="col">Status</th>
                  <th scope="col">Auto-registration</th>
                  <th scope="col">Expires</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {cas.data.map((ca) => (
                  <tr key={ca.caCertificateId}>
                    <td>
                      <span title={ca.caCertificateId}>{nameOf(ca)}</span>
                    </td>
                    <td>
                      <span className={`badge badge--${ca.status.toLowerCase()}`}>{ca.status}</span>
                    </td>
                    <td>{ca.autoRegistrationStatus === 'ENABLE' ? 'Enabled' : 'Disabled'}</td>
                    <td>
                      <time dateTime={ca.notAfter}>{formatDateTime(ca.notAfter)}</time>
                    </td>
                    <td>
                      <div className="toolbar__actions">
                        {ca.status === 'ACTIVE' ? (
                          <button
                            type="button"
                            className="button button--small button--ghost-dark"
                            aria-label={`Deactivate CA ${nameOf(ca)}`}
                            onClick={() =>
                              change(
                                ca,
                                { status: 'INACTIVE' },
                                `Deactivate the CA ${nameOf(ca)}? Devices with certificates it issued are disconnected at once.`,
                              )
                            }
                          >
                            Deactivate
                          </button>
                        ) : (
                          <button
                            type="button"
                            className="button button--small button--ghost-dark"
                            aria-label={`Activate CA ${nameOf(ca)}`}
                            onClick={() => change(ca, { status: 'ACTIVE' })}
                          >
                            Activate
                          </button>
                        )}
                        <button
                          type="button"
                          className="button button--small button--ghost-dark"
                          aria-label={`${ca.autoRegistrationStatus === 'ENABLE' ? 'Disable' : 'Enable'} auto-registration for CA ${nameOf(ca)}`}
                          onClick={() =>
                            change(ca, {
                              autoRegistrationStatus: ca.autoRegistrationStatus === 'ENABLE' ? 'DISABLE' : 'ENABLE',
                            })
                          }
                        >
                          {ca.autoRegistrationStatus === 'ENABLE'
                            ? 'Disable auto-registration'
                            : 'Enable auto-registration'}
                        </button>
                        {ca.status === 'INACTIVE' && (
                          <button
                            type="button"
                            className="button button--small button--ghost-dark"
                            aria-label={`Delete CA ${nameOf(ca)}`}
                            onClick={() => handleDelete(ca)}
                          >
                            Delete
                          </button>
                        )}
                      </div>
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

function nameOf(ca: CaCertificateSummary): string {
  return ca.commonName ?? shortId(ca.caCertificateId);
}
