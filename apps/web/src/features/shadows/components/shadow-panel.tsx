import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { useCanWrite } from '../../auth/hooks/use-can-write';
import { CLASSIC_SHADOW, shadowQueries } from '../api/shadow-queries';
import { useShadowLiveRefresh } from '../hooks/use-shadow-live-refresh';
import { ShadowView } from './shadow-view';

const SHADOW_NAME = /^[$a-zA-Z0-9:_-]{1,64}$/;

function shadowNameProblem(name: string, existing: readonly string[]): string | null {
  if (!SHADOW_NAME.test(name)) return 'Use 1–64 letters, digits and $ : _ -';
  if (name === CLASSIC_SHADOW) return `"${CLASSIC_SHADOW}" stands for the classic shadow here; choose another name.`;
  if (existing.includes(name)) return `The thing already has a shadow named ${name}.`;
  return null;
}

function NewShadowForm({ existing, onCreate }: { existing: readonly string[]; onCreate: (name: string) => void }) {
  const id = useId();
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = name.trim();
    const found = shadowNameProblem(value, existing);
    setProblem(found);
    if (found) return;
    onCreate(value);
    setName('');
  }

  return (
    <form className="inline-form__row" aria-label="New named shadow" onSubmit={handleSubmit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-name`}>Shadow name</label>
        <input
          id={`${id}-name`}
          autoComplete="off"
          spellCheck={false}
          value={name}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
          onChange={(event) => setName(event.target.value)}
        />
        {problem && (
          <p id={`${id}-problem`} role="alert" className="field-error">
            {problem}
          </p>
        )}
      </div>
      <button type="submit" className="button">
        Add
      </button>
    </form>
  );
}

/**
 * The thing's device shadows: pick the classic shadow or a named one (or start a new named one,
 * created by its first update), see it side by side, edit desired, compare versions. Refreshed live
 * from the shadow service's announcements.
 */
export function ShadowPanel({ thingName }: { thingName: string }) {
  const id = useId();
  const list = useQuery(shadowQueries.list(thingName));
  const canEdit = useCanWrite();
  const [selected, setSelected] = useState(CLASSIC_SHADOW);
  /** Named shadows started here that have no accepted update yet. */
  const [started, setStarted] = useState<string[]>([]);
  const [adding, setAdding] = useState(false);
  useShadowLiveRefresh(thingName);

  const named = list.data?.namedShadows ?? [];
  const choices = [...new Set([...named, ...started, ...(selected === CLASSIC_SHADOW ? [] : [selected])])].sort();
  const label = selected === CLASSIC_SHADOW ? 'classic shadow' : `shadow ${selected}`;

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <div className="toolbar">
        <h2 id={`${id}-title`}>Shadow</h2>
        <div className="toolbar__actions">
          <select aria-label="Shadow" value={selected} onChange={(event) => setSelected(event.target.value)}>
            <option value={CLASSIC_SHADOW}>
              {list.data && !list.data.classicExists ? 'Classic shadow (not created)' : 'Classic shadow'}
            </option>
            {choices.map((name) => (
              <option key={name} value={name}>
                {named.includes(name) ? name : `${name} (not created)`}
              </option>
            ))}
          </select>
          {canEdit && (
            <button type="button" className="button" aria-expanded={adding} onClick={() => setAdding(!adding)}>
              New named shadow
            </button>
          )}
        </div>
      </div>
      {adding && (
        <NewShadowForm
          existing={choices}
          onCreate={(name) => {
            setStarted((names) => [...names, name]);
            setSelected(name);
            setAdding(false);
          }}
        />
      )}
      {list.isError && (
        <p role="alert" className="alert">
          {errorMessage(list.error)}
        </p>
      )}
      {list.data?.nextToken && <p className="muted small">Only the first {named.length} named shadows are listed.</p>}
      <ShadowView key={selected} thingName={thingName} shadowName={selected} label={label} canEdit={canEdit} />
    </section>
  );
}
