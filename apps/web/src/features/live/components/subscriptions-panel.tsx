import { type FormEvent, useId, useState } from 'react';
import { useLiveSocket, useLiveSocketState } from '../../../lib/live-socket-context';
import { validateTopicFilter } from '../utils/topic';

/** Subscribe form and the list of current topic filters of the tab's live socket. */
export function SubscriptionsPanel() {
  const id = useId();
  const socket = useLiveSocket();
  const { subscriptions, lastError } = useLiveSocketState();
  const [filter, setFilter] = useState('');
  const [validationError, setValidationError] = useState<string | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = filter.trim();
    const problem = validateTopicFilter(value);
    setValidationError(problem);
    if (problem) return;
    socket.subscribe([value]);
    setFilter('');
  }

  const error = validationError ?? (lastError ? `${lastError.message} (${lastError.code})` : null);

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Subscriptions</h2>
      <form className="inline-form__row" onSubmit={handleSubmit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-filter`}>Topic filter</label>
          <input
            id={`${id}-filter`}
            name="filter"
            autoComplete="off"
            spellCheck={false}
            placeholder="devices/+/telemetry"
            value={filter}
            aria-invalid={validationError ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(event) => {
              setFilter(event.target.value);
              if (validationError) setValidationError(null);
            }}
          />
        </div>
        <button type="submit" className="button button--primary">
          Subscribe
        </button>
      </form>
      {error && (
        <p id={`${id}-error`} role="alert" className="alert">
          {error}
        </p>
      )}
      {subscriptions.length === 0 ? (
        <p className="muted">
          No subscriptions. <code>+</code> matches one level, <code>#</code> everything below.
        </p>
      ) : (
        <ul className="filter-list" aria-label="Subscribed filters">
          {subscriptions.map(({ filter: current, confirmed }) => (
            <li key={current} className="filter-list__item">
              <code className="break-all">{current}</code>
              {!confirmed && <span className="badge badge--pending">pending</span>}
              <button
                type="button"
                className="button button--small button--ghost-dark"
                aria-label={`Unsubscribe ${current}`}
                onClick={() => socket.unsubscribe([current])}
              >
                Unsubscribe
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
