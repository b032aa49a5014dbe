import { Link, useSearchParams } from 'react-router';
import { CreateThingForm } from './create-thing-form';
import { ThingGroupsPanel } from './thing-groups-panel';
import { ThingTypesPanel } from './thing-types-panel';
import { ThingsList } from './things-list';

const SECTIONS = [
  { tab: 'things', label: 'Things' },
  { tab: 'types', label: 'Thing types' },
  { tab: 'groups', label: 'Thing groups' },
] as const;

type Section = (typeof SECTIONS)[number]['tab'];

function sectionOf(value: string | null): Section {
  return SECTIONS.find((section) => section.tab === value)?.tab ?? 'things';
}

/** The thing registry: things (search, create), thing types and thing groups, one section at a time (`?tab=`). */
export function ThingsPage() {
  const [params] = useSearchParams();
  const current = sectionOf(params.get('tab'));

  return (
    <div className="page">
      <header className="page__header">
        <h1>Things</h1>
        <p className="muted">
          The registry of your devices: each thing has attributes, an optional type, groups and the certificates it
          connects with. A device connects as its thing when its MQTT client id is the thing name.
        </p>
      </header>
      <nav aria-label="Registry sections">
        <ul className="tabs">
          {SECTIONS.map((section) => (
            <li key={section.tab}>
              <Link
                className="tabs__link"
                to={section.tab === 'things' ? { search: '' } : { search: `?tab=${section.tab}` }}
                aria-current={section.tab === current ? 'page' : undefined}
              >
                {section.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {current === 'things' && (
        <>
          <CreateThingForm />
          <ThingsList />
        </>
      )}
      {current === 'types' && <ThingTypesPanel />}
      {current === 'groups' && <ThingGroupsPanel />}
    </div>
  );
}
