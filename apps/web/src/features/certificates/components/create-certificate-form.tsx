import type { DeviceCredentials } from '@meridian/contracts';
import { type FormEvent, useId, useState } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { useCreateCertificate } from '../api/use-create-certificate';
import { validateDeviceName } from '../utils/device-name';

interface CreateCertificateFormProps {
  onCreated: (credentials: DeviceCredentials) => void;
}

export function CreateCertificateForm({ onCreated }: CreateCertificateFormProps) {
  const id = useId();
  const create = useCreateCertificate();
  const [deviceName, setDeviceName] = useState('');
  const [validationError, setValidationError] = useState<string | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = deviceName.trim();
    const problem = validateDeviceName(name);
    setValidationError(problem);
    if (problem) return;
    create.mutate(
      { deviceName: name },
      {
        onSuccess: (credentials) => {
          setDeviceName('');
          onCreated(credentials);
        },
      },
    );
  }

  const error = validationError ?? (create.isError ? errorMessage(create.error) : null);

  return (
    <form className="panel inline-form" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>New device certificate</h2>
      <p className="muted">
        Issues a certificate and private key signed by the platform's CA. Letters, digits, <code>:</code>,{' '}
        <code>_</code> and <code>-</code>; up to 128 characters.
      </p>
      <div className="inline-form__row">
        <div className="field">
          <label htmlFor={`${id}-name`}>Device name</label>
          <input
            id={`${id}-name`}
            name="deviceName"
            autoComplete="off"
            spellCheck={false}
            placeholder="e.g. thermostat-42"
            value={deviceName}
            aria-invalid={validationError ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(event) => {
              setDeviceName(event.target.value);
              if (validationError) setValidationError(null);
            }}
          />
        </div>
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          Create certificate
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="alert">
          {error}
        </p>
      )}
    </form>
  );
}
