import type { ThingDetail } from '@meridian/contracts';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../lib/api-client';
import { thingGroupQueries } from '../api/thing-group-queries';
import { useGroupMembership } from '../api/thing-mutations';

/** The groups the thing is directly in, with remove buttons, and a picker to add it to another. */
export function ThingGroupsSection({ thing }: { thing: ThingDetail }) {
  const id = useId();
  const groups = useQuery(thingGroupQueries.list());
  const add = useGroupMembership(thing.thingName, 'add');
  const remove = useGroupMembership(thing.thingName, 'remove');
  const [choice, setChoice] = useState('');

  const memberOf = new Set(thing.groups.map((group) => group.groupName));
  const choices = (groups.data ?? []).filter((group) => !memberOf.has(group.groupName));

  function handleAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (choice === '') return;
    remove.reset();
    add.mutate(choice, { onSuccess: () => setChoice('') });
  }

  const error = add.isError ? add.error : remove.isError ? remove.error : null;
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Groups</h2>
      {thing.groups.length === 0 ? (
        <p className="muted">This thing is in no group.</p>
      ) : (
        <ul className="cell-list">
          {thing.groups.map((group) => (
            <li key={group.groupName} className="actions">
              <Link to={`/things?tab=groups&group=${encodeURIComponent(group.groupName)}`}>{group.groupName}</Link>
              <button
                type="button"
                className="button button--small button--ghost-dark"
                aria-label={`Remove from group ${group.groupName}`}
                disabled={remove.isPending && remove.variables === group.groupName}
                onClick={() => {
                  add.reset();
                  remove.mutate(group.groupName);
                }}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form__row" onSubmit={handleAdd}>
        <div className="field">
          <label htmlFor={`${id}-group`}>Add to group</label>
          <select id={`${id}-group`} value={choice} onChange={(event) => setChoice(event.target.value)}>
            <option value="">{choices.length === 0 ? 'No other groups' : 'Choose a group'}</option>
            {choices.map((group) => (
              <option key={group.groupName} value={group.groupName}>
                {group.parentGroupName ? `${group.groupName} (in ${group.parentGroupName})` : group.groupName}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button" disabled={choice === '' || add.isPending}>
          Add
        </button>
      </form>
      {error && (
        <p role="alert" className="alert">
          {errorMessage(error)}
        </p>
      )}
    </section>
  );
}
