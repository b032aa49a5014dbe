import type { ThingTypeSummary } from '@meridian/contracts';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ConfirmButton } from '../../../components/confirm-button';
import { firstMutationError, ListPanel } from '../../../components/list-panel';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../utils/format-date';
import { useCreateThingType, useThingTypeAction } from '../api/thing-type-mutations';
import { thingTypeQueries } from '../api/thing-type-queries';
import { validateName } from '../utils/registry-rules';
import { ControlHintsEditor } from './control-hints-editor';

/** "a, b c" → ["a", "b", "c"]. */
const listOf = (text: string) => text.split(/[\s,]+/).filter((word) => word !== '');

function CreateThingTypeForm() {
  const id = useId();
  const create = useCreateThingType();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [searchable, setSearchable] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const thingTypeName = name.trim();
    const check = validateName('Thing type name', thingTypeName);
    setProblem(check);
    if (check) return;
    const searchableAttributes = listOf(searchable);
    create.mutate(
      {
        thingTypeName,
        ...(description.trim() ? { description: description.trim() } : {}),
        ...(searchableAttributes.length > 0 ? { searchableAttributes } : {}),
      },
      {
        onSuccess: () => {
          setName('');
          setDescription('');
          setSearchable('');
        },
      },
    );
  }

  const error = problem ?? (create.isError ? errorMessage(create.error) : null);
  return (
    <form className="panel inline-form" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>New thing type</h2>
      <p className="muted">A type's description and searchable attributes cannot be changed later.</p>
      <div className="inline-form__row">
        <div className="field">
          <label htmlFor={`${id}-name`}>Thing type name</label>
          <input
            id={`${id}-name`}
            autoComplete="off"
            spellCheck={false}
            value={name}
            aria-invalid={problem ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(event) => {
              setName(event.target.value);
              setProblem(null);
              create.reset();
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-description`}>Description</label>
          <input
            id={`${id}-description`}
            autoComplete="off"
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-searchable`}>Searchable attributes</label>
          <input
            id={`${id}-searchable`}
            autoComplete="off"
            spellCheck={false}
            placeholder="up to 3, e.g. room, floor"
            value={searchable}
            onChange={(event) => setSearchable(event.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          Create type
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function ThingTypesTable({ selected, onSelect }: { selected: string; onSelect: (thingTypeName: string) => void }) {
  const types = useQuery(thingTypeQueries.list());
  const action = useThingTypeAction();
  const busy = (type: ThingTypeSummary) => action.isPending && action.variables?.thingTypeName === type.thingTypeName;

  return (
    <ListPanel
      title="Thing types"
      query={types}
      error={firstMutationError(action)}
      loadingText="Loading thing types…"
      empty="No thing types yet."
      isEmpty={(list) => list.length === 0}
      footer={
        <p className="muted small">
          Deprecated types stay on their things but cannot be given to more. Only a deprecated type that no thing uses
          can be deleted.
        </p>
      }
    >
      {(list, titleId) => (
        <div className="table-scroll">
          <table className="table" aria-labelledby={titleId}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Description</th>
                <th scope="col">Searchable attributes</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((type) => (
                <tr key={type.thingTypeName} aria-current={type.thingTypeName === selected ? 'true' : undefined}>
                  <td>{type.thingTypeName}</td>
                  <td>{type.description ?? <span className="muted">—</span>}</td>
                  <td>
                    {type.searchableAttributes.length === 0 ? (
                      <span className="muted">none</span>
                    ) : (
                      type.searchableAttributes.join(', ')
                    )}
                  </td>
                  <td>
                    {type.deprecated ? (
                      <span className="badge badge--inactive">
                        deprecated{type.deprecatedAt ? ` since ${formatDateTime(type.deprecatedAt)}` : ''}
                      </span>
                    ) : (
                      <span className="badge badge--active">active</span>
                    )}
                  </td>
                  <td>
                    <time dateTime={type.createdAt}>{formatDateTime(type.createdAt)}</time>
                  </td>
                  <td>
                    <div className="actions">
                      <button
                        type="button"
                        className="button button--small"
                        aria-label={`Control hints of ${type.thingTypeName}`}
                        aria-pressed={type.thingTypeName === selected}
                        onClick={() => onSelect(type.thingTypeName)}
                      >
                        Control hints
                      </button>
                      {type.deprecated ? (
                        <button
                          type="button"
                          className="button button--small"
                          aria-label={`Undeprecate ${type.thingTypeName}`}
                          disabled={busy(type)}
                          onClick={() => action.mutate({ thingTypeName: type.thingTypeName, action: 'undeprecate' })}
                        >
                          Undeprecate
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="button button--small"
                          aria-label={`Deprecate ${type.thingTypeName}`}
                          disabled={busy(type)}
                          onClick={() => action.mutate({ thingTypeName: type.thingTypeName, action: 'deprecate' })}
                        >
                          Deprecate
                        </button>
                      )}
                      <ConfirmButton
                        label={`Delete ${type.thingTypeName}`}
                        question={`Delete the thing type ${type.thingTypeName}? This cannot be undone.`}
                        busy={busy(type)}
                        onConfirm={() =>
                          action.mutate(
                            { thingTypeName: type.thingTypeName, action: 'delete' },
                            { onSuccess: () => type.thingTypeName === selected && onSelect('') },
                          )
                        }
                      >
                        Delete
                      </ConfirmButton>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </ListPanel>
  );
}

/** Thing types: create, list, deprecate / undo, delete, and the control hints of a selected type (`?type=`). */
export function ThingTypesPanel() {
  const [params, setParams] = useSearchParams();
  const selected = params.get('type') ?? '';
  const select = (thingTypeName: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (thingTypeName === '') next.delete('type');
      else next.set('type', thingTypeName);
      return next;
    });

  return (
    <>
      <CreateThingTypeForm />
      <ThingTypesTable selected={selected} onSelect={select} />
      {selected && <ControlHintsEditor key={selected} thingTypeName={selected} />}
    </>
  );
}
