import type { CaCertificateSummary, UpdateCaCertificateRequest } from '@meridian/contracts';
import { useQuery } from '@tanstack/react-query';
import { ConfirmButton } from '../../../components/confirm-button';
import { firstMutationError, ListPanel } from '../../../components/list-panel';
import { formatDateTime } from '../../../utils/format-date';
import { useDeleteCaCertificate, useUpdateCaCertificate } from '../api/ca-certificate-mutations';
import { caCertificateQueries } from '../api/ca-certificate-queries';
import { shortId } from '../utils/short-id';

/** Registered CAs with their status and auto-registration, and the operator's actions on them. */
export function CaCertificatesTable() {
  const cas = useQuery(caCertificateQueries.list());
  const update = useUpdateCaCertificate();
  const remove = useDeleteCaCertificate();

  function change(ca: CaCertificateSummary, changes: UpdateCaCertificateRequest) {
    remove.reset();
    update.mutate({ caCertificateId: ca.caCertificateId, ...changes });
  }

  function handleDelete(ca: CaCertificateSummary) {
    update.reset();
    remove.mutate(ca.caCertificateId);
  }

  return (
    <ListPanel
      title="CA certificates"
      query={cas}
      error={firstMutationError(update, remove)}
      loadingText="Loading CA certificates…"
      empty="No CA is registered. Devices use certificates of the platform CA."
      isEmpty={(list) => list.length === 0}
    >
      {(list, titleId) => (
        <div className="table-scroll">
          <table className="table" aria-labelledby={titleId}>
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
              {list.map((ca) => (
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
                        <ConfirmButton
                          label={`Deactivate CA ${nameOf(ca)}`}
                          question={`Deactivate the CA ${nameOf(ca)}? Devices with certificates it issued are disconnected at once.`}
                          onConfirm={() => change(ca, { status: 'INACTIVE' })}
                        >
                          Deactivate
                        </ConfirmButton>
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
                        <ConfirmButton
                          label={`Delete CA ${nameOf(ca)}`}
                          question={`Delete the CA ${nameOf(ca)}? Certificates it issued can no longer connect.`}
                          onConfirm={() => handleDelete(ca)}
                        >
                          Delete
                        </ConfirmButton>
                      )}
                    </div>
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

function nameOf(ca: CaCertificateSummary): string {
  return ca.commonName ?? shortId(ca.caCertificateId);
}
