import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../../../lib/api-client';
import { thingQueries } from '../api/thing-queries';
import { ThingTypeSelect } from './thing-type-select';

/**
 * Things in name order, one page at a time. The search text and type filter live in the URL (`q`, `type`),
 * so they survive a visit to a thing's page; the pages visited are a stack of API tokens.
 */
export function ThingsList() {
  const id = useId();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const thingTypeName = params.get('type') ?? '';
  const [draft, setDraft] = useState(q);
  // Tokens of the pages before the current one; the first page has none.
  const [tokens, setTokens] = useState<Array<string | undefined>>([undefined]);
  const nextToken = tokens.at(-1);
  const things = useQuery(thingQueries.list({ q, thingTypeName, nextToken }));

  function applyFilter(name: 'q' | 'type', value: string) {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === '') next.delete(name);
        else next.set(name, value);
        return next;
      },
      { replace: true },
    );
    setTokens([undefined]);
  }

  function handleSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    applyFilter('q', draft.trim());
  }

  const page = things.data;
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Things</h2>
      <form className="inline-form__row" aria-label="Search things" onSubmit={handleSearch}>
        <div className="field">
          <label htmlFor={`${id}-q`}>Search</label>
          <input
            id={`${id}-q`}
            type="search"
            autoComplete="off"
            spellCheck={false}
            placeholder="name, kitchen*, attributes.room:office"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
          />
        </div>
        <div className="field field--medium">
          <label htmlFor={`${id}-type`}>Type</label>
          <ThingTypeSelect
            id={`${id}-type`}
            value={thingTypeName}
            current={thingTypeName}
            noneLabel="All types"
            onChange={(value) => applyFilter('type', value)}
          />
        </div>
        <button type="submit" className="button">
          Search
        </button>
      </form>
      {things.isPending && <p className="muted">Loading things…</p>}
      {things.isError && (
        <p role="alert" className="alert">
          {errorMessage(things.error)}
        </p>
      )}
      {page &&
        (page.things.length === 0 ? (
          <p className="muted">{q || thingTypeName ? 'No thing matches.' : 'No things yet. Create one above.'}</p>
        ) : (
          <div className="table-scroll">
            <table className="table" aria-labelledby={`${id}-title`}>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Type</th>
                  <th scope="col">Attributes</th>
                  <th scope="col">Version</th>
                </tr>
              </thead>
              <tbody>
                {page.things.map((thing) => (
                  <tr key={thing.thingName}>
                    <td>
                      <Link to={`/things/${encodeURIComponent(thing.thingName)}`}>{thing.thingName}</Link>
                    </td>
                    <td>{thing.thingTypeName ?? <span className="muted">—</span>}</td>
                    <td>
                      {Object.keys(thing.attributes).length === 0 ? (
                        <span className="muted">none</span>
                      ) : (
                        <ul className="cell-list">
                          {Object.entries(thing.attributes).map(([name, value]) => (
                            <li key={name}>
                              <code>
                                {name}={value}
                              </code>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>{thing.version}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      <nav className="actions" aria-label="Pages of things">
        <button
          type="button"
          className="button button--small"
          disabled={tokens.length === 1}
          onClick={() => setTokens(tokens.slice(0, -1))}
        >
          Previous page
        </button>
        <span className="muted small">Page {tokens.length}</span>
        <button
          type="button"
          className="button button--small"
          disabled={!page?.nextToken || things.isPlaceholderData}
          onClick={() => setTokens([...tokens, page?.nextToken])}
        >
          Next page
        </button>
      </nav>
    </section>
  );
}
