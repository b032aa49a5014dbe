import type { ThingDetail, UpdateThingRequest } from '@meridian/contracts';
import { type FormEvent, useId, useState } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { useUpdateThing } from '../api/thing-mutations';
import { isVersionConflict, thingFormFieldOf } from '../utils/form-errors';
import {
  type AttributeProblems,
  type AttributeRow,
  attributesOf,
  hasProblems,
  rowsOf,
  validateAttributes,
} from '../utils/registry-rules';
import { AttributesEditor } from './attributes-editor';
import { ThingTypeSelect } from './thing-type-select';

interface Draft {
  /** The version the edit started from: sent as `expectedVersion`, so a concurrent change is not overwritten. */
  version: number;
  thingTypeName: string;
  rows: AttributeRow[];
}

function changeOf(thing: ThingDetail, draft: Draft): UpdateThingRequest {
  const request: UpdateThingRequest = { attributes: attributesOf(draft.rows), expectedVersion: draft.version };
  if (draft.thingTypeName === '' && thing.thingTypeName !== undefined) request.removeThingType = true;
  else if (draft.thingTypeName !== '' && draft.thingTypeName !== thing.thingTypeName) {
    request.thingTypeName = draft.thingTypeName;
  }
  return request;
}

/** The thing's type and attributes; editing replaces both in one update guarded by the version. */
export function ThingAttributesPanel({ thing }: { thing: ThingDetail }) {
  const id = useId();
  const update = useUpdateThing(thing.thingName);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problems, setProblems] = useState<AttributeProblems>({ rows: new Map(), overall: null });

  function startEditing() {
    update.reset();
    setProblems({ rows: new Map(), overall: null });
    setDraft({ version: thing.version, thingTypeName: thing.thingTypeName ?? '', rows: rowsOf(thing.attributes) });
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!draft) return;
    const check = validateAttributes(draft.rows, draft.thingTypeName !== '');
    setProblems(check);
    if (hasProblems(check)) return;
    update.mutate(changeOf(thing, draft), { onSuccess: () => setDraft(null) });
  }

  const conflict = update.isError && isVersionConflict(update.error);
  const serverField = update.isError && !conflict ? thingFormFieldOf(update.error) : null;
  const serverMessage = update.isError ? errorMessage(update.error) : null;

  if (!draft) {
    const entries = Object.entries(thing.attributes).sort(([a], [b]) => a.localeCompare(b));
    return (
      <section className="panel" aria-labelledby={`${id}-title`}>
        <div className="toolbar">
          <h2 id={`${id}-title`}>Type and attributes</h2>
          <button type="button" className="button button--small" onClick={startEditing}>
            Edit
          </button>
        </div>
        <dl className="facts">
          <div>
            <dt>Thing type</dt>
            <dd>{thing.thingTypeName ?? <span className="muted">none</span>}</dd>
          </div>
          {entries.map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>
                <code>{value}</code>
              </dd>
            </div>
          ))}
        </dl>
        {entries.length === 0 && <p className="muted small">No attributes.</p>}
      </section>
    );
  }

  return (
    <form className="panel stack" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Edit type and attributes</h2>
      <div className="field field--medium">
        <label htmlFor={`${id}-type`}>Thing type</label>
        <ThingTypeSelect
          id={`${id}-type`}
          value={draft.thingTypeName}
          current={thing.thingTypeName}
          noneLabel="No type"
          invalid={serverField === 'thingTypeName'}
          describedBy={serverField === 'thingTypeName' ? `${id}-type-error` : undefined}
          onChange={(thingTypeName) => setDraft({ ...draft, thingTypeName })}
        />
        {serverField === 'thingTypeName' && (
          <p id={`${id}-type-error`} role="alert" className="field-error">
            {serverMessage}
          </p>
        )}
      </div>
      <AttributesEditor
        rows={draft.rows}
        onChange={(rows) => setDraft({ ...draft, rows })}
        rowErrors={problems.rows}
        error={problems.overall ?? (serverField === 'attributes' ? serverMessage : null)}
      />
      {conflict && (
        <div role="alert" className="warning">
          <p>
            This thing was changed by someone else after you started editing (it is now at version {thing.version}).
            Your changes were not saved.
          </p>
          <button type="button" className="button button--small" onClick={startEditing}>
            Start again from the current version
          </button>
        </div>
      )}
      {(serverField === 'form' || serverField === 'thingName') && (
        <p role="alert" className="alert">
          {serverMessage}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={update.isPending}>
          Save
        </button>
        <button type="button" className="button" onClick={() => setDraft(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
