import type { ShadowDocument } from '@meridian/contracts';
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../../lib/api-client';
import { useDeleteShadow } from '../api/shadow-mutations';
import { shadowQueries } from '../api/shadow-queries';
import { jsonSection } from '../utils/json';
import { leavesOf } from '../utils/shadow-leaves';
import { DesiredEditor } from './desired-editor';
import { ShadowHistory } from './shadow-history';
import { ShadowSections } from './shadow-sections';
import { ShadowTime } from './shadow-time';

/** Time of the newest leaf write: when the shadow last changed. */
function lastChange(document: ShadowDocument): number | undefined {
  const times = [
    ...leavesOf(jsonSection(document.state.desired), document.metadata.desired),
    ...leavesOf(jsonSection(document.state.reported), document.metadata.reported),
  ].flatMap((leaf) => (leaf.timestamp === undefined ? [] : [leaf.timestamp]));
  return times.length === 0 ? undefined : Math.max(...times);
}

function DeleteShadow({ thingName, shadowName, label }: { thingName: string; shadowName: string; label: string }) {
  const remove = useDeleteShadow(thingName, shadowName);
  return (
    <div className="actions">
      <button
        type="button"
        className="button button--ghost-dark"
        disabled={remove.isPending}
        onClick={() => {
          if (window.confirm(`Delete the ${label}? Its state and history are removed.`)) remove.mutate();
        }}
      >
        Delete shadow
      </button>
      {remove.isError && (
        <p role="alert" className="alert">
          {errorMessage(remove.error)}
        </p>
      )}
    </div>
  );
}

interface ShadowViewProps {
  thingName: string;
  shadowName: string;
  /** For messages: "classic shadow" or "shadow config". */
  label: string;
  canEdit: boolean;
}

/** One shadow: version, sections side by side, the desired editor, history. */
export function ShadowView({ thingName, shadowName, label, canEdit }: ShadowViewProps) {
  const shadow = useQuery(shadowQueries.detail(thingName, shadowName));

  if (shadow.isPending) return <p className="muted">Loading the shadow…</p>;
  if (shadow.isError) {
    return (
      <p role="alert" className="alert">
        {errorMessage(shadow.error)}
      </p>
    );
  }
  const document = shadow.data;
  const changed = document ? lastChange(document) : undefined;
  return (
    <div className="stack">
      {document ? (
        <output className="muted small shadow-version" aria-label="Shadow version">
          Version <strong>{document.version}</strong>
          {changed !== undefined && (
            <>
              {' · last change '}
              <ShadowTime seconds={changed} />
            </>
          )}
        </output>
      ) : (
        <p className="muted">
          The {label} does not exist yet.{canEdit ? ' Send a desired state to create it.' : ''}
        </p>
      )}
      {document && <ShadowSections document={document} />}
      {canEdit && <DesiredEditor thingName={thingName} shadowName={shadowName} document={document} />}
      {document && <ShadowHistory thingName={thingName} shadowName={shadowName} />}
      {canEdit && document && <DeleteShadow thingName={thingName} shadowName={shadowName} label={label} />}
    </div>
  );
}
