import type { ShadowDocument } from '@meridian/contracts';
import { type JsonObject, jsonSection } from '../utils/json';
import { leavesOf } from '../utils/shadow-leaves';
import { ShadowTime } from './shadow-time';

interface SectionProps {
  title: string;
  section: JsonObject | undefined;
  metadata: unknown;
  empty: string;
}

function Section({ title, section, metadata, empty }: SectionProps) {
  const leaves = leavesOf(section, metadata);
  return (
    <section className="shadow-section" aria-label={title}>
      <h3>{title}</h3>
      {leaves.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <table className="table shadow-section__table">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Value</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {leaves.map((leaf) => (
              <tr key={leaf.path}>
                <td>
                  <code>{leaf.path}</code>
                </td>
                <td>
                  <code className="break-all">{JSON.stringify(leaf.value)}</code>
                </td>
                <td className="muted small">
                  {leaf.timestamp === undefined ? '' : <ShadowTime seconds={leaf.timestamp} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Desired, reported and delta side by side, each leaf with the time it was last written. */
export function ShadowSections({ document }: { document: ShadowDocument }) {
  const { state, metadata } = document;
  return (
    <div className="shadow-grid">
      <Section
        title="Desired"
        section={jsonSection(state.desired)}
        metadata={metadata.desired}
        empty="No desired state."
      />
      <Section
        title="Reported"
        section={jsonSection(state.reported)}
        metadata={metadata.reported}
        empty="Nothing reported."
      />
      <Section
        title="Delta"
        section={jsonSection(state.delta)}
        // A delta leaf is a desired leaf: it was set when desired was.
        metadata={metadata.desired}
        empty="No delta: reported matches desired."
      />
    </div>
  );
}
