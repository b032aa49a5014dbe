import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { ComingSoonPage } from '../components/coming-soon-page';
import { NotFoundPage } from '../components/not-found-page';
import { AccessKeysPage } from '../features/access-keys/components/access-keys-page';
import { LoginPage } from '../features/auth/components/login-page';
import { RequireAuth } from '../features/auth/components/require-auth';
import { SignupPage } from '../features/auth/components/signup-page';
import { DEFAULT_PAGE, type LoginLocationState } from '../features/auth/utils/redirect-target';
import { CertificatesPage } from '../features/certificates/components/certificates-page';
import { LivePage } from '../features/live/components/live-page';
import { MyDevicesPage } from '../features/my-devices/components/my-devices-page';
import { PoliciesPage } from '../features/policies/components/policies-page';
import { PolicyDetailPage } from '../features/policies/components/policy-detail-page';
import { RulesPage } from '../features/rules/components/rules-page';
import { ThingDetailPage } from '../features/things/components/thing-detail-page';
import { ThingsPage } from '../features/things/components/things-page';
import { UsersPage } from '../features/users/components/users-page';
import { setUnauthorizedHandler } from '../lib/api-client';
import { AppShell } from './app-shell';

// The rule builder brings the SQL editor (CodeMirror): loaded when first opened, not with the console.
const RuleBuilderPage = lazy(() =>
  import('../features/rules/components/rule-builder-page').then((module) => ({ default: module.RuleBuilderPage })),
);
const ruleBuilder = (
  <Suspense fallback={<p className="muted">Loading the rule builder…</p>}>
    <RuleBuilderPage />
  </Suspense>
);

/** All routes; rendered inside a router (BrowserRouter in the app, MemoryRouter in tests). */
export function AppRoutes() {
  useUnauthorizedRedirect();
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/signup" element={<SignupPage />} />
      <Route
        element={
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        }
      >
        <Route index element={<Navigate to={DEFAULT_PAGE} replace />} />
        <Route
          path="fleet"
          element={
            <ComingSoonPage
              title="Fleet"
              description="An overview of your fleet — connected devices, message rates and recent problems — is coming soon."
            />
          }
        />
        <Route path="things" element={<ThingsPage />} />
        <Route path="things/:thingName" element={<ThingDetailPage />} />
        <Route path="certificates" element={<CertificatesPage />} />
        <Route path="policies" element={<PoliciesPage />} />
        <Route path="policies/:policyName" element={<PolicyDetailPage />} />
        <Route path="rules" element={<RulesPage />} />
        <Route path="rules/new" element={ruleBuilder} />
        <Route path="rules/:ruleName" element={ruleBuilder} />
        <Route path="live" element={<LivePage />} />
        <Route path="access-keys" element={<AccessKeysPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="my-devices" element={<MyDevicesPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export function AppRouter() {
  return (
    <BrowserRouter>
      <AppRoutes />
    </BrowserRouter>
  );
}

/**
 * Installs the api-client's 401 handler: go to the login page (remembering where the user was)
 * and drop everything cached from the lost session.
 */
function useUnauthorizedRedirect(): void {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const locationRef = useRef(location);

  useEffect(() => {
    locationRef.current = location;
  }, [location]);

  useEffect(
    () =>
      setUnauthorizedHandler(() => {
        const { pathname, search, hash } = locationRef.current;
        if (pathname === '/login') return;
        const state: LoginLocationState = { from: pathname + search + hash };
        // Navigate first so the unmounting pages do not refetch into the cleared cache.
        navigate('/login', { replace: true, state });
        queryClient.clear();
      }),
    [navigate, queryClient],
  );
}
