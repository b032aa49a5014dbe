import type { ThingDetail } from '@meridian/contracts';
import { useId } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../utils/format-date';
import { useCreateClaimCode } from '../api/thing-mutations';

/** Makes the claim code printed with a device for its end user (a new code replaces the previous one). */
export function ThingClaimCodePanel({ thing }: { thing: ThingDetail }) {
  const id = useId();
  const create = useCreateClaimCode(thing.thingName);

  return (
    <section className="panel stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>End user</h2>
      <p className="muted">
        A claim code lets the device's end user add it on their My devices page. It works once; a new code replaces the
        previous one.
      </p>
      <div className="actions">
        <button type="button" className="button" disabled={create.isPending} onClick={() => create.mutate()}>
          Generate claim code
        </button>
      </div>
      {create.isError && (
        <p role="alert" className="alert">
          {errorMessage(create.error)}
        </p>
      )}
      {create.data && (
        <p className="status">
          Claim code: <code data-testid="claim-code">{create.data.code}</code> (valid until{' '}
          {formatDateTime(create.data.expiresAt)})
        </p>
      )}
    </section>
  );
}
