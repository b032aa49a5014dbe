import type { DeviceCredentials } from '@meridian/contracts';
import { useEffect, useId, useRef } from 'react';
import { useObjectUrl } from '../../../hooks/use-object-url';
import { formatDateTime } from '../../../utils/format-date';

const PEM_TYPE = 'application/x-pem-file';

interface CredentialsPanelProps {
  credentials: DeviceCredentials;
  onDone: () => void;
}

/** The one-time view of a new certificate's PEM files (the private key is not stored anywhere). */
export function CredentialsPanel({ credentials, onDone }: CredentialsPanelProps) {
  const panelRef = useRef<HTMLElement>(null);
  const { deviceName } = credentials;

  // Bring the one-time credentials into view and focus so they are not missed.
  useEffect(() => {
    panelRef.current?.focus();
  }, []);

  return (
    <section ref={panelRef} tabIndex={-1} className="panel panel--highlight" aria-label="New device credentials">
      <h2>Credentials for {deviceName}</h2>
      <p className="warning">
        <strong>The private key is shown only once.</strong> Download it now and keep it safe: the platform does not
        store it, and it cannot be shown again.
      </p>
      <dl className="facts">
        <div>
          <dt>Certificate ID</dt>
          <dd>
            <code data-testid="certificate-id" className="break-all">
              {credentials.certificateId}
            </code>
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{credentials.status}</dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd>
            <time dateTime={credentials.notAfter}>{formatDateTime(credentials.notAfter)}</time>
          </dd>
        </div>
      </dl>
      <div className="pem-grid">
        <PemFile
          label="Certificate PEM"
          pem={credentials.certificatePem}
          downloadLabel="Download certificate"
          fileName={`${deviceName}.cert.pem`}
        />
        <PemFile
          label="Private key PEM"
          pem={credentials.privateKeyPem}
          downloadLabel="Download private key"
          fileName={`${deviceName}.private.key`}
        />
        <PemFile
          label="CA certificate PEM"
          pem={credentials.caCertificatePem}
          downloadLabel="Download CA certificate"
          fileName="root-ca.pem"
        />
      </div>
      <div className="actions">
        <button type="button" className="button button--primary" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}

interface PemFileProps {
  label: string;
  pem: string;
  downloadLabel: string;
  fileName: string;
}

function PemFile({ label, pem, downloadLabel, fileName }: PemFileProps) {
  const id = useId();
  const url = useObjectUrl(pem, PEM_TYPE);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} className="pem" readOnly rows={8} spellCheck={false} value={pem} />
      {url && (
        <a className="button button--small" href={url} download={fileName}>
          {downloadLabel}
        </a>
      )}
    </div>
  );
}
