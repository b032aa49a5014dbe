import { useQuery } from '@tanstack/react-query';
import { authQueries } from '../api/auth-queries';
import { useLogout } from '../api/use-logout';

/** Signed-in user, role and the sign-out button, for the shell's header. */
export function SessionBadge() {
  const { data: user } = useQuery(authQueries.me());
  const logout = useLogout();
  return (
    <div className="session">
      {user && (
        <p className="session__user">
          <span className="session__name">{user.username}</span>
          <span className="badge">{user.role}</span>
        </p>
      )}
      <button
        type="button"
        className="button button--ghost"
        onClick={() => logout.mutate()}
        disabled={logout.isPending}
      >
        Sign out
      </button>
    </div>
  );
}
