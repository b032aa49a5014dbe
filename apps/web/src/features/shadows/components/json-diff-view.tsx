import type { DiffEntry } from '../utils/json-diff';

const CHANGE_LABELS: Record<DiffEntry['change'], string> = { added: 'added', removed: 'removed', changed: 'changed' };

const show = (value: unknown) => (value === undefined ? '' : JSON.stringify(value));

/** A diff as a table: path, kind of change, value before, value after. */
export function JsonDiffView({ entries, label }: { entries: DiffEntry[]; label: string }) {
  if (entries.length === 0) return <p className="muted">No differences.</p>;
  return (
    <div className="table-scroll">
      <table className="table diff-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Path</th>
            <th scope="col">Change</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.path} className={`diff-table__row diff-table__row--${entry.change}`}>
              <td>
                <code>{entry.path}</code>
              </td>
              <td>{CHANGE_LABELS[entry.change]}</td>
              <td>
                <code className="break-all">{show(entry.before)}</code>
              </td>
              <td>
                <code className="break-all">{show(entry.after)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
