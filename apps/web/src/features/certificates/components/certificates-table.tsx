import type { CertificateSummary } from '@meridian/contracts';
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../utils/format-date';
import { certificateQueries } from '../api/certificate-queries';

const SHORT_ID_LENGTH = 12;

export function CertificatesTable() {
  const certificates = useQuery(certificateQueries.list());

  return (
    <section className="panel" aria-labelledby="certificates-table-title">
      <h2 id="certificates-table-title">Certificate list</h2>
      {certificates.isPending && <p className="muted">Loading certificates…</p>}
      {certificates.isError && (
        <p role="alert" className="alert">
          {errorMessage(certificates.error)}
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
                  <th scope="col">Created</th>
                  <th scope="col">Expires</th>
                </tr>
              </thead>
              <tbody>
                {newestFirst(certificates.data).map((certificate) => (
                  <tr key={certificate.certificateId}>
                    <td>{certificate.deviceName}</td>
                    <td>
                      <code title={certificate.certificateId}>{shortId(certificate.certificateId)}</code>
                    </td>
                    <td>
                      <span className={`badge badge--${certificate.status.toLowerCase()}`}>{certificate.status}</span>
                    </td>
                    <td>
                      <time dateTime={certificate.createdAt}>{formatDateTime(certificate.createdAt)}</time>
                    </td>
                    <td>
                      <time dateTime={certificate.notAfter}>{formatDateTime(certificate.notAfter)}</time>
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

function shortId(id: string): string {
  return id.length > SHORT_ID_LENGTH ? `${id.slice(0, SHORT_ID_LENGTH)}…` : id;
}

function newestFirst(certificates: readonly CertificateSummary[]): CertificateSummary[] {
  return [...certificates].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
