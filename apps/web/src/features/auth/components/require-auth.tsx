import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { errorMessage, isUnauthorized } from '../../../lib/api-client';
import { authQueries } from '../api/auth-queries';
import type { LoginLocationState } from '../utils/redirect-target';

/** Renders its children only for a signed-in user; otherwise goes to the login page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useQuery(authQueries.me());
  const location = useLocation();

  if (me.isPending) {
    return (
      <p className="page-status" aria-busy="true">
        Loading…
      </p>
    );
  }
  if (me.isError) {
    if (isUnauthorized(me.error)) {
      // Normally the api-client's 401 handler has already navigated; this covers a cached 401.
      const state: LoginLocationState = { from: location.pathname + location.search + location.hash };
      return <Navigate to="/login" replace state={state} />;
    }
    return (
      <div className="page-status">
        <p role="alert" className="alert">
          {errorMessage(me.error)}
        </p>
        <button type="button" className="button" onClick={() => void me.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  return children;
}
