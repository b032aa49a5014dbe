import { useQuery } from '@tanstack/react-query';
import { CopyButton } from '../../../components/copy-button';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../utils/format-date';
import { useCreateInvitation, useDeleteInvitation } from '../api/user-mutations';
import { userQueries } from '../api/user-queries';

const INVITATION_HOURS = 72;

/** One-time sign-up links for end users. The link is shown once, right after it is made. */
export function InvitationsPanel() {
  const invitations = useQuery(userQueries.invitations());
  const create = useCreateInvitation();
  const remove = useDeleteInvitation();
  const link = create.data ? `${window.location.origin}${create.data.signupPath}` : undefined;

  return (
    <section className="panel stack" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invitations</h2>
      <p className="muted">
        An invitation link lets one person create an end-user account, within {INVITATION_HOURS} hours.
      </p>
      <div className="actions">
        <button
          type="button"
          className="button button--primary"
          disabled={create.isPending}
          onClick={() => create.mutate(INVITATION_HOURS)}
        >
          Create invitation
        </button>
      </div>
      {(create.error ?? remove.error) && (
        <p role="alert" className="alert">
          {errorMessage(create.error ?? remove.error)}
        </p>
      )}
      {link && (
        <div className="panel--highlight stack">
          <label htmlFor="invitation-link">Invitation link (shown only now)</label>
          <input id="invitation-link" className="code-input" readOnly value={link} />
          <CopyButton text={link} label="Copy link" />
        </div>
      )}
      {invitations.data && invitations.data.length > 0 && (
        <ul className="cell-list">
          {invitations.data.map((invitation) => (
            <li key={invitation.id}>
              Invitation {invitation.id} by {invitation.createdBy}, valid until {formatDateTime(invitation.expiresAt)}{' '}
              <button type="button" className="button button--small" onClick={() => remove.mutate(invitation.id)}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
