import type { CertificateSummary, ThingDetail } from '@meridian/contracts';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { useAttachCertificate, useDetachCertificate } from '../api/thing-mutations';
import { thingQueries } from '../api/thing-queries';
import { shortId } from '../utils/short-id';

function certificateLabel(certificate: CertificateSummary): string {
  const name = certificate.deviceName ? `${certificate.deviceName} · ` : '';
  return `${name}${shortId(certificate.certificateId)} (${certificate.status})`;
}

/** Certificates attached to the thing (its principals) with their status; attach and detach. */
export function ThingCertificatesSection({ thing }: { thing: ThingDetail }) {
  const id = useId();
  const certificates = useQuery(thingQueries.certificateChoices());
  const attach = useAttachCertificate(thing.thingName);
  const detach = useDetachCertificate(thing.thingName);
  const [choice, setChoice] = useState('');

  const attached = new Set(thing.certificates.map((certificate) => certificate.certificateId));
  const choices = (certificates.data ?? []).filter((certificate) => !attached.has(certificate.certificateId));
  const deviceNameOf = (certificateId: string) =>
    certificates.data?.find((certificate) => certificate.certificateId === certificateId)?.deviceName;

  function handleAttach(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (choice === '') return;
    detach.reset();
    attach.mutate(choice, { onSuccess: () => setChoice('') });
  }

  function handleDetach(certificateId: string) {
    const confirmed = window.confirm(
      `Detach certificate ${shortId(certificateId)} from ${thing.thingName}? A device using it no longer connects as this thing.`,
    );
    if (!confirmed) return;
    attach.reset();
    detach.mutate(certificateId);
  }

  const error = attach.isError ? attach.error : detach.isError ? detach.error : null;
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Certificates</h2>
      {thing.certificates.length === 0 ? (
        <p className="muted">No certificate is attached: no device connects as this thing yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="table" aria-labelledby={`${id}-title`}>
            <thead>
              <tr>
                <th scope="col">Certificate ID</th>
                <th scope="col">Device</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {thing.certificates.map((certificate) => (
                <tr key={certificate.certificateId}>
                  <td>
                    <code title={certificate.certificateArn}>{shortId(certificate.certificateId)}</code>
                  </td>
                  <td>{deviceNameOf(certificate.certificateId) ?? <span className="muted">—</span>}</td>
                  <td>
                    {certificate.status ? (
                      <span className={`badge badge--${certificate.status.toLowerCase()}`}>{certificate.status}</span>
                    ) : (
                      <span className="badge badge--revoked">no longer exists</span>
                    )}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button--small button--ghost-dark"
                      aria-label={`Detach certificate ${shortId(certificate.certificateId)}`}
                      disabled={detach.isPending && detach.variables === certificate.certificateId}
                      onClick={() => handleDetach(certificate.certificateId)}
                    >
                      Detach
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="inline-form__row" onSubmit={handleAttach}>
        <div className="field">
          <label htmlFor={`${id}-certificate`}>Attach certificate</label>
          <select id={`${id}-certificate`} value={choice} onChange={(event) => setChoice(event.target.value)}>
            <option value="">{choices.length === 0 ? 'No other certificates' : 'Choose a certificate'}</option>
            {choices.map((certificate) => (
              <option key={certificate.certificateId} value={certificate.certificateId}>
                {certificateLabel(certificate)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button" disabled={choice === '' || attach.isPending}>
          Attach
        </button>
      </form>
      {certificates.isError && (
        <p role="alert" className="alert">
          {errorMessage(certificates.error)}
        </p>
      )}
      {error && (
        <p role="alert" className="alert">
          {errorMessage(error)}
        </p>
      )}
    </section>
  );
}
