import { CONTROL_HINT_FORMS } from '@meridian/contracts';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { ListPanel } from '../../../components/list-panel';
import { errorMessage } from '../../../lib/api-client';
import { authQueries } from '../../auth/api/auth-queries';
import { useSaveControlHints } from '../api/thing-type-mutations';
import { thingTypeQueries } from '../api/thing-type-queries';
import { validateControlHintRows } from '../utils/control-hint-rules';
import { type AttributeRow, attributeRow, attributesOf, rowsOf } from '../utils/registry-rules';

const explanation = (
  <p className="muted small">
    How the end users' My devices page shows these top-level shadow keys on every thing of this type:{' '}
    {CONTROL_HINT_FORMS}. A thing's own <code>control.&lt;key&gt;</code> attribute wins over its type's hint.
  </p>
);

interface HintRowsProps {
  rows: AttributeRow[];
  onChange(rows: AttributeRow[]): void;
  problems: ReadonlyMap<number, string>;
}

/** Key/hint lines with add and remove; each input is labelled with its line number. */
function HintRows({ rows, onChange, problems }: HintRowsProps) {
  const id = useId();
  const update = (rowId: number, change: Partial<AttributeRow>) =>
    onChange(rows.map((row) => (row.id === rowId ? { ...row, ...change } : row)));
  return (
    <fieldset className="attributes">
      <legend>Hints</legend>
      {rows.length === 0 && <p className="muted small">No hints: controls follow the shadow's values.</p>}
      {rows.map((row, index) => {
        const problem = problems.get(row.id);
        const problemId = `${id}-${row.id}-error`;
        const invalid = problem ? { 'aria-invalid': true, 'aria-describedby': problemId } : {};
        return (
          <div key={row.id} className="attributes__row">
            <input
              aria-label={`Hint ${index + 1} key`}
              placeholder="shadow key"
              autoComplete="off"
              spellCheck={false}
              value={row.name}
              {...invalid}
              onChange={(event) => update(row.id, { name: event.target.value })}
            />
            <input
              aria-label={`Hint ${index + 1}`}
              placeholder="e.g. enum:eco,boost"
              autoComplete="off"
              spellCheck={false}
              value={row.value}
              {...invalid}
              onChange={(event) => update(row.id, { value: event.target.value })}
            />
            <button
              type="button"
              className="button button--small button--ghost-dark"
              aria-label={`Remove hint ${index + 1}`}
              onClick={() => onChange(rows.filter((other) => other.id !== row.id))}
            >
              Remove
            </button>
            {problem && (
              <p id={problemId} className="field-error">
                {problem}
              </p>
            )}
          </div>
        );
      })}
      <div>
        <button type="button" className="button button--small" onClick={() => onChange([...rows, attributeRow()])}>
          Add hint
        </button>
      </div>
    </fieldset>
  );
}

/** A thing type's control hints: shown to everyone who reads the registry, edited by operators and admins. */
export function ControlHintsEditor({ thingTypeName }: { thingTypeName: string }) {
  const id = useId();
  const hints = useQuery(thingTypeQueries.controlHints(thingTypeName));
  const role = useQuery(authQueries.me()).data?.role;
  const canEdit = role === 'admin' || role === 'operator';
  const save = useSaveControlHints(thingTypeName);
  const [rows, setRows] = useState<AttributeRow[] | null>(null);
  const [problems, setProblems] = useState<ReadonlyMap<number, string>>(new Map());

  function startEditing(current: Record<string, string>) {
    save.reset();
    setProblems(new Map());
    setRows(rowsOf(current));
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!rows) return;
    const check = validateControlHintRows(rows);
    setProblems(check);
    if (check.size > 0) return;
    const trimmed = rows.map((row) => ({ ...row, value: row.value.trim() }));
    save.mutate(attributesOf(trimmed), { onSuccess: () => setRows(null) });
  }

  if (rows === null) {
    return (
      <ListPanel
        title={`Control hints of ${thingTypeName}`}
        toolbar={
          canEdit && hints.isSuccess ? (
            <button type="button" className="button button--small" onClick={() => startEditing(hints.data)}>
              Edit hints
            </button>
          ) : undefined
        }
        query={hints}
        loadingText="Loading control hints…"
        empty="No control hints: controls follow the shadow's values."
        isEmpty={(current) => Object.keys(current).length === 0}
        footer={explanation}
      >
        {(current, titleId) => (
          <table className="table" aria-labelledby={titleId}>
            <thead>
              <tr>
                <th scope="col">Shadow key</th>
                <th scope="col">Hint</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(current).map(([key, hint]) => (
                <tr key={key}>
                  <td>{key}</td>
                  <td>
                    <code>{hint}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ListPanel>
    );
  }

  return (
    <form className="panel stack" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Edit control hints of {thingTypeName}</h2>
      {explanation}
      <HintRows
        rows={rows}
        onChange={(next) => {
          setRows(next);
          save.reset();
        }}
        problems={problems}
      />
      {save.isError && (
        <p role="alert" className="alert">
          {errorMessage(save.error)}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          Save hints
        </button>
        <button type="button" className="button" onClick={() => setRows(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
