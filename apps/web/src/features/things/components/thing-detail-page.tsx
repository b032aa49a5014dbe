import type { ThingDetail } from '@meridian/contracts';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage, isApiRequestError } from '../../../lib/api-client';
import { ShadowPanel } from '../../shadows/components/shadow-panel';
import { TelemetryPanel } from '../../telemetry/components/telemetry-panel';
import { useDeleteThing } from '../api/thing-mutations';
import { thingQueries } from '../api/thing-queries';
import { ThingAttributesPanel } from './thing-attributes-panel';
import { ThingCertificatesSection } from './thing-certificates-section';
import { ThingClaimCodePanel } from './thing-claim-code-panel';
import { ThingConnectionPanel } from './thing-connection-panel';
import { ThingGroupsSection } from './thing-groups-section';

function DeleteThing({ thing }: { thing: ThingDetail }) {
  const navigate = useNavigate();
  const remove = useDeleteThing(thing.thingName);

  function handleDelete() {
    if (window.confirm(`Delete the thing ${thing.thingName}? This cannot be undone.`)) {
      remove.mutate(thing.version, { onSuccess: () => navigate('/things', { replace: true }) });
    }
  }

  return (
    <section className="panel" aria-label="Delete thing">
      <div className="actions">
        <button type="button" className="button button--ghost-dark" disabled={remove.isPending} onClick={handleDelete}>
          Delete thing
        </button>
        <span className="muted small">Detach its certificates first.</span>
      </div>
      {remove.isError && (
        <p role="alert" className="alert">
          {errorMessage(remove.error)}
        </p>
      )}
    </section>
  );
}

/** One thing: connection state (kept fresh by polling), type and attributes, groups, certificates. */
export function ThingDetailPage() {
  const { thingName = '' } = useParams();
  const thing = useQuery(thingQueries.detail(thingName));

  return (
    <div className="page">
      <p>
        <Link to="/things">← All things</Link>
      </p>
      <header className="page__header">
        <h1>{thingName}</h1>
        {thing.data && (
          <p className="muted small">
            Version {thing.data.version} · <code className="break-all">{thing.data.thingArn}</code>
          </p>
        )}
      </header>
      {thing.isPending && <p className="muted">Loading the thing…</p>}
      {thing.isError && !thing.data && (
        <p role="alert" className="alert">
          {isApiRequestError(thing.error) && thing.error.status === 404
            ? `There is no thing named ${thingName}.`
            : errorMessage(thing.error)}
        </p>
      )}
      {thing.data && (
        <>
          <ThingConnectionPanel thing={thing.data} />
          <ThingAttributesPanel key={thing.data.thingName} thing={thing.data} />
          <ThingGroupsSection thing={thing.data} />
          <ThingCertificatesSection thing={thing.data} />
          <ShadowPanel thingName={thing.data.thingName} />
          <TelemetryPanel thingName={thing.data.thingName} />
          <ThingClaimCodePanel thing={thing.data} />
          <DeleteThing thing={thing.data} />
        </>
      )}
    </div>
  );
}
