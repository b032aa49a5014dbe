import type { CertificateSummary } from '@meridian/contracts';
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../utils/format-date';
import { useDeleteCertificate, useUpdateCertificateStatus } from '../api/certificate-mutations';
import { certificateQueries } from '../api/certificate-queries';
import { type CertificateAction, certificateActions, confirmationFor } from '../utils/certificate-actions';
import { shortId } from '../utils/short-id';

export function CertificatesTable() {
  const certificates = useQuery(certificateQueries.list());
  const updateStatus = useUpdateCertificateStatus();
  const remove = useDeleteCertificate();

  function run(certificate: CertificateSummary, action: CertificateAction) {
    if (!window.confirm(confirmationFor(action, displayName(certificate)))) return;
    updateStatus.reset();
    remove.reset();
    if (action.kind === 'delete') remove.mutate(certificate.certificateId);
    else updateStatus.mutate({ certificateId: certificate.certificateId, status: action.status });
  }

  const pendingId = updateStatus.isPending
    ? updateStatus.variables?.certificateId
    : remove.isPending
      ? remove.variables
      : undefined;
  const error = certificates.isError
    ? certificates.error
    : updateStatus.isError
      ? updateStatus.error
      : remove.isError
        ? remove.error
        : null;

  return (
    <section className="panel" aria-labelledby="certificates-table-title">
      <h2 id="certificates-table-title">Certificate list</h2>
      {certificates.isPending && <p className="muted">Loading certificates…</p>}
      {error && (
        <p role="alert" className="alert">
          {errorMessage(error)}
        </p>
      )}
      {certificates.isSuccess &&
        (certificates.data.length === 0 ? (
          <p className="muted">No certificates yet. Create one above for your first device.</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Device</th>
                  <th scope="col">Certificate ID</th>
                  <th scope="col">Status</th>
                  <th scope="col">Issued by</th>
                  <th scope="col">Created</th>
                  <th scope="col">Expires</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {newestFirst(certificates.data).map((certificate) => (
                  <tr key={certificate.certificateId}>
                    <td>{displayName(certificate)}</td>
                    <td>
                      <code title={certificate.certificateId}>{shortId(certificate.certificateId)}</code>
                    </td>
                    <td>
                      <span className={`badge badge--${certificate.status.toLowerCase()}`}>{certificate.status}</span>
                    </td>
                    <td>
                      {certificate.caCertificateId ? (
                        <code title={certificate.caCertificateId}>CA {shortId(certificate.caCertificateId)}</code>
                      ) : (
                        <span className="muted">platform / none</span>
                      )}
                    </td>
                    <td>
                      <time dateTime={certificate.createdAt}>{formatDateTime(certificate.createdAt)}</time>
                    </td>
                    <td>
                      <time dateTime={certificate.notAfter}>{formatDateTime(certificate.notAfter)}</time>
                    </td>
                    <td>
                      <div className="toolbar__actions">
                        {certificateActions(certificate.status).map((action) => (
                          <button
                            key={action.label}
                            type="button"
                            className="button button--small button--ghost-dark"
                            aria-label={`${action.label} ${displayName(certificate)}`}
                            disabled={pendingId === certificate.certificateId}
                            onClick={() => run(certificate, action)}
                          >
                            {action.label}
                          </button>
                        ))}
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

/** The device name given in the console, else the subject CN, else the short id. */
function displayName(certificate: CertificateSummary): string {
  return certificate.deviceName ?? certificate.commonName ?? shortId(certificate.certificateId);
}

function newestFirst(certificates: readonly CertificateSummary[]): CertificateSummary[] {
  return [...certificates].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
