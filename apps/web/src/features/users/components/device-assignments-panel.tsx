import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { useAssignDevice, useCreateClaimCode, useUnassignDevice } from '../api/user-mutations';
import { userQueries } from '../api/user-queries';

/** Which end user owns which device, and claim codes an end user can type to take a device. */
export function DeviceAssignmentsPanel() {
  const id = useId();
  const users = useQuery(userQueries.list());
  const assignments = useQuery(userQueries.assignments());
  const assign = useAssignDevice();
  const unassign = useUnassignDevice();
  const claimCode = useCreateClaimCode();
  const [thingName, setThingName] = useState('');
  const [username, setUsername] = useState('');
  const [codeThing, setCodeThing] = useState('');
  const endUsers = (users.data ?? []).filter((user) => user.role === 'end-user');
  const failure = assign.error ?? unassign.error;

  function handleAssign(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    assign.mutate({ thingName: thingName.trim(), username }, { onSuccess: () => setThingName('') });
  }

  function handleClaimCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    claimCode.mutate(codeThing.trim());
  }

  return (
    <section className="panel stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Device owners</h2>
      <form className="inline-form__row" onSubmit={handleAssign}>
        <div className="field">
          <label htmlFor={`${id}-thing`}>Thing name</label>
          <input id={`${id}-thing`} required value={thingName} onChange={(e) => setThingName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-user`}>End user</label>
          <select id={`${id}-user`} required value={username} onChange={(e) => setUsername(e.target.value)}>
            <option value="">Choose…</option>
            {endUsers.map((user) => (
              <option key={user.username} value={user.username}>
                {user.username}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--primary" disabled={assign.isPending}>
          Assign
        </button>
      </form>
      {failure && (
        <p role="alert" className="alert">
          {errorMessage(failure)}
        </p>
      )}
      {assignments.data && assignments.data.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Thing</th>
                <th scope="col">Owner</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {assignments.data.map((assignment) => (
                <tr key={assignment.thingName}>
                  <td>{assignment.thingName}</td>
                  <td>{assignment.username}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => unassign.mutate(assignment.thingName)}
                    >
                      Unassign <span className="visually-hidden">{assignment.thingName}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="inline-form__row" onSubmit={handleClaimCode}>
        <div className="field">
          <label htmlFor={`${id}-code-thing`}>Claim code for thing</label>
          <input id={`${id}-code-thing`} required value={codeThing} onChange={(e) => setCodeThing(e.target.value)} />
        </div>
        <button type="submit" className="button" disabled={claimCode.isPending}>
          Generate claim code
        </button>
      </form>
      {claimCode.isError && (
        <p role="alert" className="alert">
          {errorMessage(claimCode.error)}
        </p>
      )}
      {claimCode.data && (
        <p className="status">
          Claim code for {claimCode.data.thingName}: <code className="claim-code">{claimCode.data.code}</code> (single
          use, print it for the device)
        </p>
      )}
    </section>
  );
}
