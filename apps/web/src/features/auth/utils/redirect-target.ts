export const DEFAULT_PAGE = '/live';
/** End users land on their devices whatever page they came from. */
export const END_USER_PAGE = '/my-devices';

/** State the app puts on the navigation to `/login` so the user returns where they were. */
export interface LoginLocationState {
  from?: string;
}

/** Where to go after signing in: the page the user came from when it is a safe in-app path. */
export function redirectTarget(state: unknown): string {
  const from = typeof state === 'object' && state !== null ? (state as LoginLocationState).from : undefined;
  if (typeof from !== 'string' || !from.startsWith('/') || from.startsWith('//')) return DEFAULT_PAGE;
  if (from === '/' || from === '/login' || from.startsWith('/login?') || from.startsWith('/login#'))
    return DEFAULT_PAGE;
  return from;
}
