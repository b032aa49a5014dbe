import type { LiveSocketStatus } from '../../../lib/live-socket';
import { useLiveSocketState } from '../../../lib/live-socket-context';

const LABELS: Record<LiveSocketStatus, string> = {
  idle: 'Disconnected',
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting…',
  unauthorized: 'Signed out',
};

export function ConnectionIndicator() {
  const { status } = useLiveSocketState();
  return (
    <p className={`connection connection--${status}`} aria-live="polite">
      <span className="connection__dot" aria-hidden="true" />
      {LABELS[status]}
    </p>
  );
}
