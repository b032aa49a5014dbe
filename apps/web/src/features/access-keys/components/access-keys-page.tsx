import type { CreatedAccessKey } from '@meridian/contracts';
import { useState } from 'react';
import { AccessKeysTable } from './access-keys-table';
import { CreateAccessKeyForm } from './create-access-key-form';
import { NewAccessKeyPanel } from './new-access-key-panel';

export function AccessKeysPage() {
  // Kept only in component state: leaving the page discards the secret for good.
  const [created, setCreated] = useState<CreatedAccessKey | null>(null);

  return (
    <div className="page">
      <header className="page__header">
        <h1>Access keys</h1>
        <p className="muted">
          Keys that sign requests to the AWS-compatible API, for the AWS SDKs and the AWS CLI (Signature Version 4).
          Requests act as the key's owner.
        </p>
      </header>
      <CreateAccessKeyForm onCreated={setCreated} />
      {created && <NewAccessKeyPanel key={created.accessKeyId} accessKey={created} onDone={() => setCreated(null)} />}
      <AccessKeysTable />
    </div>
  );
}
