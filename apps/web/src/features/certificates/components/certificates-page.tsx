import type { DeviceCredentials } from '@meridian/contracts';
import { useState } from 'react';
import { CaCertificatesTable } from './ca-certificates-table';
import { CertificatesTable } from './certificates-table';
import { CreateCertificateForm } from './create-certificate-form';
import { CredentialsPanel } from './credentials-panel';
import { RegisterCaForm } from './register-ca-form';

export function CertificatesPage() {
  // Kept only in component state: leaving the page discards the private key for good.
  const [credentials, setCredentials] = useState<DeviceCredentials | null>(null);

  return (
    <div className="page">
      <header className="page__header">
        <h1>Certificates</h1>
        <p className="muted">
          X.509 client certificates your devices use to connect over MQTT/TLS, and the CAs whose certificates they may
          use.
        </p>
      </header>
      <CreateCertificateForm onCreated={setCredentials} />
      {credentials && (
        <CredentialsPanel
          key={credentials.certificateId}
          credentials={credentials}
          onDone={() => setCredentials(null)}
        />
      )}
      <CertificatesTable />
      <CaCertificatesTable />
      <RegisterCaForm />
    </div>
  );
}
