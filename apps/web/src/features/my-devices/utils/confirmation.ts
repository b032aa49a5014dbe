/**
 * Whether a device has carried out what its user asked for, per control:
 * idle → pending (a change was written to `desired`) → confirmed (`reported` equals it) or, when the
 * device does not answer within the timeout (offline, busy), not confirmed, from where Retry writes again.
 */
export type ConfirmationStatus = 'idle' | 'pending' | 'confirmed' | 'not-confirmed';

export interface Confirmation {
  readonly status: ConfirmationStatus;
  /** The value last written; undefined while idle. */
  readonly target?: unknown;
  /** Epoch ms of the last write. */
  readonly sentAt?: number;
}

export type ConfirmationEvent =
  | { type: 'written'; value: unknown; at: number }
  /** The write itself was refused (network, validation): nothing will confirm it. */
  | { type: 'write-failed' }
  | { type: 'reported'; value: unknown }
  | { type: 'tick'; at: number; timeoutMs: number };

export const IDLE: Confirmation = { status: 'idle' };

export function nextConfirmation(state: Confirmation, event: ConfirmationEvent): Confirmation {
  switch (event.type) {
    case 'written':
      return { status: 'pending', target: event.value, sentAt: event.at };
    case 'write-failed':
      return state.status === 'pending' ? { ...state, status: 'not-confirmed' } : state;
    case 'reported':
      // A late answer still confirms a change shown as not confirmed.
      if ((state.status === 'pending' || state.status === 'not-confirmed') && sameValue(event.value, state.target)) {
        return { ...state, status: 'confirmed' };
      }
      return state;
    case 'tick':
      if (state.status === 'pending' && state.sentAt !== undefined && event.at - state.sentAt >= event.timeoutMs) {
        return { ...state, status: 'not-confirmed' };
      }
      return state;
  }
}

/** When a pending change turns not confirmed, if nothing answers it first. */
export function deadline(state: Confirmation, timeoutMs: number): number | undefined {
  return state.status === 'pending' && state.sentAt !== undefined ? state.sentAt + timeoutMs : undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
