import { type FormEvent, useId, useState } from 'react';
import { useClaimDevice } from '../api/my-device-mutations';

/** Adds a device with the claim code printed for it. */
export function ClaimDeviceForm() {
  const id = useId();
  const [code, setCode] = useState('');
  const claim = useClaimDevice();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    claim.mutate(code.trim(), { onSuccess: () => setCode('') });
  }

  return (
    <form className="panel claim-form" onSubmit={handleSubmit}>
      <label htmlFor={`${id}-code`}>Claim code</label>
      <div className="claim-form__row">
        <input
          id={`${id}-code`}
          className="code-input"
          autoComplete="off"
          autoCapitalize="characters"
          placeholder="XXXX-XXXX-XXXX"
          required
          maxLength={64}
          value={code}
          onChange={(event) => setCode(event.target.value)}
        />
        <button type="submit" className="button button--primary" disabled={claim.isPending}>
          Add device
        </button>
      </div>
      {claim.isError && (
        <p role="alert" className="alert">
          {claim.error.message}
        </p>
      )}
      {claim.isSuccess && <p className="status">{claim.data.thingName} was added.</p>}
    </form>
  );
}
