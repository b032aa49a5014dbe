import type { Confirmation } from '../utils/confirmation';

const LABELS = { pending: 'Pending…', confirmed: 'Confirmed', 'not-confirmed': 'Not confirmed' } as const;

export function ControlStatus({ confirmation, onRetry }: { confirmation: Confirmation; onRetry: () => void }) {
  if (confirmation.status === 'idle') return null;
  return (
    <span className={`control-status control-status--${confirmation.status}`}>
      <span role="status">{LABELS[confirmation.status]}</span>
      {confirmation.status === 'not-confirmed' && (
        <button type="button" className="button button--small" onClick={onRetry}>
          Retry
        </button>
      )}
    </span>
  );
}
