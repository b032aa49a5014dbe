import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ConfirmButton, isPendingFor } from '../../../components/confirm-button';
import { firstMutationError, ListPanel } from '../../../components/list-panel';
import { errorMessage } from '../../../lib/api-client';
import { useCreateThingGroup, useDeleteThingGroup } from '../api/thing-group-mutations';
import { thingGroupQueries } from '../api/thing-group-queries';
import { validateName } from '../utils/registry-rules';

function CreateThingGroupForm() {
  const id = useId();
  const groups = useQuery(thingGroupQueries.list());
  const create = useCreateThingGroup();
  const [name, setName] = useState('');
  const [parent, setParent] = useState('');
  const [description, setDescription] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const thingGroupName = name.trim();
    const check = validateName('Group name', thingGroupName);
    setProblem(check);
    if (check) return;
    create.mutate(
      {
        thingGroupName,
        ...(parent ? { parentGroupName: parent } : {}),
        ...(description.trim() ? { description: description.trim() } : {}),
      },
      {
        onSuccess: () => {
          setName('');
          setDescription('');
        },
      },
    );
  }

  const error = problem ?? (create.isError ? errorMessage(create.error) : null);
  return (
    <form className="panel inline-form" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>New thing group</h2>
      <p className="muted">A group's parent is fixed when it is created; hierarchies are at most 7 levels deep.</p>
      <div className="inline-form__row">
        <div className="field">
          <label htmlFor={`${id}-name`}>Group name</label>
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
          <label htmlFor={`${id}-parent`}>Parent group</label>
          <select id={`${id}-parent`} value={parent} onChange={(event) => setParent(event.target.value)}>
            <option value="">None (a root group)</option>
            {(groups.data ?? []).map((group) => (
              <option key={group.groupName} value={group.groupName}>
                {group.groupName}
              </option>
            ))}
          </select>
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
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          Create group
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

/** The things of one group; with "include subgroups" those of its descendants too. */
function GroupMembers({ groupName }: { groupName: string }) {
  const [recursive, setRecursive] = useState(false);
  const members = useQuery(thingGroupQueries.things(groupName, recursive));

  return (
    <ListPanel
      title={`Things in ${groupName}`}
      toolbar={
        <label className="checkbox">
          <input type="checkbox" checked={recursive} onChange={(event) => setRecursive(event.target.checked)} />
          Include subgroups
        </label>
      }
      query={members}
      loadingText="Loading members…"
      empty={`No things in this group${recursive ? ' or its subgroups' : ''}.`}
      isEmpty={(page) => page.things.length === 0}
    >
      {(page) => (
        <>
          <ul className="cell-list">
            {page.things.map((thingName) => (
              <li key={thingName}>
                <Link to={`/things/${encodeURIComponent(thingName)}`}>{thingName}</Link>
              </li>
            ))}
          </ul>
          {page.nextToken && <p className="muted small">Only the first {page.things.length} are shown.</p>}
        </>
      )}
    </ListPanel>
  );
}

function ThingGroupsTable({ selected, onSelect }: { selected: string; onSelect: (groupName: string) => void }) {
  const groups = useQuery(thingGroupQueries.list());
  const remove = useDeleteThingGroup();

  return (
    <ListPanel
      title="Thing groups"
      query={groups}
      error={firstMutationError(remove)}
      loadingText="Loading thing groups…"
      empty="No thing groups yet."
      isEmpty={(list) => list.length === 0}
    >
      {(list, titleId) => (
        <div className="table-scroll">
          <table className="table" aria-labelledby={titleId}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Parent</th>
                <th scope="col">Description</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((group) => (
                <tr key={group.groupName} aria-current={group.groupName === selected ? 'true' : undefined}>
                  <td>{group.groupName}</td>
                  <td>{group.parentGroupName ?? <span className="muted">—</span>}</td>
                  <td>{group.description ?? <span className="muted">—</span>}</td>
                  <td>
                    <div className="actions">
                      <button
                        type="button"
                        className="button button--small"
                        aria-label={`Show things in ${group.groupName}`}
                        aria-pressed={group.groupName === selected}
                        onClick={() => onSelect(group.groupName)}
                      >
                        Show things
                      </button>
                      <ConfirmButton
                        label={`Delete ${group.groupName}`}
                        question={`Delete the thing group ${group.groupName}? Its things stay, without this group.`}
                        busy={isPendingFor(remove, group.groupName)}
                        onConfirm={() =>
                          remove.mutate(group.groupName, {
                            onSuccess: () => group.groupName === selected && onSelect(''),
                          })
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

/** Thing groups: create under a parent, list, delete (children first), and the things of a selected group. */
export function ThingGroupsPanel() {
  const [params, setParams] = useSearchParams();
  const selected = params.get('group') ?? '';
  const select = (groupName: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (groupName === '') next.delete('group');
      else next.set('group', groupName);
      return next;
    });

  return (
    <>
      <CreateThingGroupForm />
      <ThingGroupsTable selected={selected} onSelect={select} />
      {selected && <GroupMembers key={selected} groupName={selected} />}
    </>
  );
}
