import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { shadowQueries } from '../api/shadow-queries';
import { storedSections } from '../utils/json';
import { diffJson } from '../utils/json-diff';
import { JsonDiffView } from './json-diff-view';
import { formatEpochSeconds } from './shadow-time';

function VersionDiff({
  thingName,
  shadowName,
  from,
  to,
}: {
  thingName: string;
  shadowName: string;
  from: number;
  to: number;
}) {
  const before = useQuery(shadowQueries.version(thingName, shadowName, from));
  const after = useQuery(shadowQueries.version(thingName, shadowName, to));
  if (before.isError || after.isError) {
    return (
      <p role="alert" className="alert">
        {errorMessage(before.error ?? after.error)}
      </p>
    );
  }
  if (!before.data || !after.data) return <p className="muted">Loading the versions…</p>;
  return (
    <JsonDiffView
      label={`Changes from version ${from} to version ${to}`}
      entries={diffJson(storedSections(before.data.state), storedSections(after.data.state))}
    />
  );
}

/**
 * The kept versions of the shadow (newest first) and the difference between any two of them. Unless
 * the operator picks others, it compares the two newest, so a live update shows what it changed.
 */
export function ShadowHistory({ thingName, shadowName }: { thingName: string; shadowName: string }) {
  const id = useId();
  const versions = useQuery(shadowQueries.versions(thingName, shadowName));
  const [picked, setPicked] = useState<{ from?: number; to?: number }>({});
  const list = versions.data?.versions ?? [];
  const from = picked.from ?? list[1]?.version;
  const to = picked.to ?? list[0]?.version;

  return (
    <section className="shadow-history" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>History</h3>
      {versions.isPending && <p className="muted">Loading the history…</p>}
      {versions.isError && (
        <p role="alert" className="alert">
          {errorMessage(versions.error)}
        </p>
      )}
      {versions.data && list.length === 0 && <p className="muted">No versions kept.</p>}
      {versions.data && list.length === 1 && <p className="muted">Only version {list[0]?.version} so far.</p>}
      {list.length >= 2 && from !== undefined && to !== undefined && (
        <>
          <div className="inline-form__row">
            {(['from', 'to'] as const).map((side) => (
              <div className="field" key={side}>
                <label htmlFor={`${id}-${side}`}>{side === 'from' ? 'Compare version' : 'with version'}</label>
                <select
                  id={`${id}-${side}`}
                  value={side === 'from' ? from : to}
                  onChange={(event) => setPicked({ from, to, [side]: Number(event.target.value) })}
                >
                  {list.map((entry) => (
                    <option key={entry.version} value={entry.version}>
                      {`Version ${entry.version} · ${formatEpochSeconds(entry.timestamp)}`}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </div>
          {versions.data?.nextBeforeVersion !== undefined && (
            <p className="muted small">Only the {list.length} newest versions are listed.</p>
          )}
          {from === to ? (
            <p className="muted">Pick two different versions.</p>
          ) : (
            <VersionDiff thingName={thingName} shadowName={shadowName} from={from} to={to} />
          )}
        </>
      )}
    </section>
  );
}
