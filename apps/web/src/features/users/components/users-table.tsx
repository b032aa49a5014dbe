import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../../lib/api-client';
import { useDeleteUser, useSetUserDisabled } from '../api/user-mutations';
import { userQueries } from '../api/user-queries';

export function UsersTable() {
  const users = useQuery(userQueries.list());
  const setDisabled = useSetUserDisabled();
  const deleteUser = useDeleteUser();
  const failure = setDisabled.error ?? deleteUser.error;

  if (users.isPending) return <p aria-busy="true">Loading…</p>;
  if (users.isError)
    return (
      <p role="alert" className="alert">
        {errorMessage(users.error)}
      </p>
    );
  return (
    <section className="panel stack" aria-labelledby="users-heading">
      <h2 id="users-heading">Accounts</h2>
      {failure && (
        <p role="alert" className="alert">
          {errorMessage(failure)}
        </p>
      )}
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Devices</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((user) => (
              <tr key={user.username}>
                <td>{user.username}</td>
                <td>{user.role}</td>
                <td>
                  <span className={`badge ${user.disabled ? 'badge--revoked' : 'badge--active'}`}>
                    {user.disabled ? 'Disabled' : 'Active'}
                  </span>
                </td>
                <td>{user.deviceCount}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => setDisabled.mutate({ username: user.username, disabled: !user.disabled })}
                  >
                    {user.disabled ? 'Enable' : 'Disable'} <span className="visually-hidden">{user.username}</span>
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => {
                      if (window.confirm(`Delete the account ${user.username}?`)) deleteUser.mutate(user.username);
                    }}
                  >
                    Delete <span className="visually-hidden">{user.username}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
