import type { Role } from '@meridian/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { ErrorBoundary } from '../components/error-boundary';
import { authQueries } from '../features/auth/api/auth-queries';
import { SessionBadge } from '../features/auth/components/session-badge';
import { END_USER_PAGE } from '../features/auth/utils/redirect-target';
import { LiveFeedProvider } from '../features/live/components/live-feed-provider';
import { LiveSocketProvider } from '../lib/live-socket-context';

interface NavItem {
  to: string;
  label: string;
  /** Shown only to these roles; everyone by default. */
  roles?: readonly Role[];
}

const CONSOLE_ROLES: readonly Role[] = ['admin', 'operator', 'viewer'];

const NAV_ITEMS: readonly NavItem[] = [
  { to: '/my-devices', label: 'My devices', roles: ['end-user'] },
  { to: '/fleet', label: 'Fleet', roles: CONSOLE_ROLES },
  { to: '/things', label: 'Things', roles: CONSOLE_ROLES },
  { to: '/certificates', label: 'Certificates', roles: CONSOLE_ROLES },
  { to: '/policies', label: 'Policies', roles: CONSOLE_ROLES },
  { to: '/rules', label: 'Rules', roles: CONSOLE_ROLES },
  { to: '/live', label: 'Live', roles: CONSOLE_ROLES },
  { to: '/users', label: 'Users', roles: ['admin'] },
  { to: '/access-keys', label: 'Access keys', roles: ['admin'] },
];

/**
 * Layout of every signed-in page: sidebar navigation, header with the session, and the tab's
 * one live socket (opened here, so only for a signed-in user, and closed on sign-out).
 */
export function AppShell() {
  const location = useLocation();
  const queryClient = useQueryClient();
  const role = useQuery(authQueries.me()).data?.role;
  const navItems = NAV_ITEMS.filter((item) => !item.roles || (role !== undefined && item.roles.includes(role)));
  // The socket was refused for lack of a session: re-check it over HTTP, whose 401 goes
  // through the api-client's one redirect to the login page.
  const recheckSession = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: authQueries.me().queryKey });
  }, [queryClient]);

  // End users have only My devices; every other console page sends them there.
  if (role === 'end-user' && !location.pathname.startsWith(END_USER_PAGE)) {
    return <Navigate to={END_USER_PAGE} replace />;
  }

  return (
    <LiveSocketProvider onUnauthorized={recheckSession}>
      <LiveFeedProvider>
        <div className="shell">
          <a className="skip-link" href="#main">
            Skip to content
          </a>
          <aside className="shell__sidebar">
            <p className="brand">Meridian</p>
            <nav aria-label="Main">
              <ul className="nav">
                {navItems.map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} className="nav__link">
                      {item.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
          </aside>
          <div className="shell__body">
            <header className="shell__header">
              <SessionBadge />
            </header>
            <main id="main" className="shell__main" tabIndex={-1}>
              <ErrorBoundary key={location.pathname}>
                <Outlet />
              </ErrorBoundary>
            </main>
          </div>
        </div>
      </LiveFeedProvider>
    </LiveSocketProvider>
  );
}
