import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { useRegisterCaCertificate } from '../api/ca-certificate-mutations';
import { caCertificateQueries } from '../api/ca-certificate-queries';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/;

/** Registers a CA with proof of possession: a verification certificate it signed for the registration code. */
export function RegisterCaForm() {
  const id = useId();
  const registrationCode = useQuery(caCertificateQueries.registrationCode());
  const register = useRegisterCaCertificate();
  const [caCertificatePem, setCaCertificatePem] = useState('');
  const [verificationCertificatePem, setVerificationCertificatePem] = useState('');
  const [setAsActive, setSetAsActive] = useState(true);
  const [allowAutoRegistration, setAllowAutoRegistration] = useState(false);
  const [validationError, setValidationError] = useState<string | null>(null);
  const [registered, setRegistered] = useState<string | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setRegistered(null);
    const problem = !PEM_CERTIFICATE.test(caCertificatePem)
      ? 'Paste the CA certificate in PEM format.'
      : !PEM_CERTIFICATE.test(verificationCertificatePem)
        ? 'Paste the verification certificate in PEM format.'
        : null;
    setValidationError(problem);
    if (problem) {
      register.reset();
      return;
    }
    register.mutate(
      { caCertificatePem, verificationCertificatePem, setAsActive, allowAutoRegistration },
      {
        onSuccess: (ca) => {
          setCaCertificatePem('');
          setVerificationCertificatePem('');
          setRegistered(ca.commonName ?? ca.caCertificateId);
        },
      },
    );
  }

  const error = validationError ?? (register.isError ? errorMessage(register.error) : null);

  return (
    <form className="panel stack" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Register a CA</h2>
      <p className="muted">
        Devices may use certificates issued by your own CA once it is registered. To prove you hold the CA's key, sign a
        verification certificate with it whose subject common name (CN) is this registration code:
      </p>
      {registrationCode.isSuccess && (
        <code data-testid="registration-code" className="break-all">
          {registrationCode.data}
        </code>
      )}
      {registrationCode.isPending && <p className="muted">Loading the registration code…</p>}
      {registrationCode.isError && (
        <p role="alert" className="alert">
          {errorMessage(registrationCode.error)}
        </p>
      )}
      <div className="pem-grid">
        <div className="field">
          <label htmlFor={`${id}-ca`}>CA certificate PEM</label>
          <textarea
            id={`${id}-ca`}
            className="pem"
            rows={6}
            spellCheck={false}
            value={caCertificatePem}
            onChange={(event) => setCaCertificatePem(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-verification`}>Verification certificate PEM</label>
          <textarea
            id={`${id}-verification`}
            className="pem"
            rows={6}
            spellCheck={false}
            value={verificationCertificatePem}
            onChange={(event) => setVerificationCertificatePem(event.target.value)}
          />
        </div>
      </div>
      <div className="inline-form__row">
        <div className="checkbox">
          <input
            id={`${id}-active`}
            type="checkbox"
            checked={setAsActive}
            onChange={(event) => setSetAsActive(event.target.checked)}
          />
          <label htmlFor={`${id}-active`}>Activate now</label>
        </div>
        <div className="checkbox">
          <input
            id={`${id}-auto`}
            type="checkbox"
            checked={allowAutoRegistration}
            onChange={(event) => setAllowAutoRegistration(event.target.checked)}
          />
          <label htmlFor={`${id}-auto`}>Allow auto-registration of its device certificates</label>
        </div>
        <button type="submit" className="button button--primary" disabled={register.isPending}>
          Register CA
        </button>
      </div>
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      {registered && (
        <p role="status" className="status">
          Registered CA {registered}.
        </p>
      )}
    </form>
  );
}
