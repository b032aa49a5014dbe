import { CreateUserForm } from './create-user-form';
import { DeviceAssignmentsPanel } from './device-assignments-panel';
import { InvitationsPanel } from './invitations-panel';
import { UsersTable } from './users-table';

/** Admins: console accounts, end-user invitations and which end user owns which device. */
export function UsersPage() {
  return (
    <div className="page">
      <header className="page__header">
        <h1>Users</h1>
        <p className="muted">Accounts of the console and of end users, invitations, and the devices end users own.</p>
      </header>
      <UsersTable />
      <CreateUserForm />
      <InvitationsPanel />
      <DeviceAssignmentsPanel />
    </div>
  );
}
