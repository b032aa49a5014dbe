import { useId } from 'react';
import { type AttributeRow, attributeRow } from '../utils/registry-rules';

interface AttributesEditorProps {
  rows: AttributeRow[];
  onChange: (rows: AttributeRow[]) => void;
  /** Problems by row id. */
  rowErrors?: ReadonlyMap<number, string>;
  /** A problem with the whole map (too many attributes, or the server's message). */
  error?: string | null;
}

/** Name/value lines with add and remove; each input is labelled with its line number. */
export function AttributesEditor({ rows, onChange, rowErrors, error }: AttributesEditorProps) {
  const id = useId();
  const update = (rowId: number, change: Partial<AttributeRow>) =>
    onChange(rows.map((row) => (row.id === rowId ? { ...row, ...change } : row)));

  return (
    <fieldset className="attributes" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>Attributes</legend>
      {rows.length === 0 && <p className="muted small">No attributes.</p>}
      {rows.map((row, index) => {
        const problem = rowErrors?.get(row.id);
        const problemId = `${id}-${row.id}-error`;
        return (
          <div key={row.id} className="attributes__row">
            <input
              aria-label={`Attribute ${index + 1} name`}
              placeholder="name"
              autoComplete="off"
              spellCheck={false}
              value={row.name}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? problemId : undefined}
              onChange={(event) => update(row.id, { name: event.target.value })}
            />
            <input
              aria-label={`Attribute ${index + 1} value`}
              placeholder="value"
              autoComplete="off"
              spellCheck={false}
              value={row.value}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? problemId : undefined}
              onChange={(event) => update(row.id, { value: event.target.value })}
            />
            <button
              type="button"
              className="button button--small button--ghost-dark"
              aria-label={`Remove attribute ${index + 1}`}
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
          Add attribute
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
