import { type FormEvent, useId, useState } from 'react';
import {
  fromLocalInputValue,
  LIVE_WINDOWS,
  resolveWindow,
  type TelemetryWindow,
  toLocalInputValue,
} from '../utils/time-windows';

/** 15 min / 1 h / 24 h / 7 d ending now, or a custom from–to range. */
export function WindowPicker({ value, onChange }: { value: TelemetryWindow; onChange(window: TelemetryWindow): void }) {
  const id = useId();
  const [customOpen, setCustomOpen] = useState(value.kind === 'custom');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);

  function openCustom() {
    const range = resolveWindow(value, Date.now());
    setFrom(toLocalInputValue(range.from));
    setTo(toLocalInputValue(range.to));
    setError(null);
    setCustomOpen(true);
  }

  function applyCustom(event: FormEvent) {
    event.preventDefault();
    const start = fromLocalInputValue(from);
    const end = fromLocalInputValue(to);
    if (start === null || end === null) return setError('Enter both a start and an end.');
    if (end <= start) return setError('The end must be after the start.');
    setError(null);
    onChange({ kind: 'custom', from: start, to: end });
  }

  return (
    <div className="stack">
      <fieldset className="actions telemetry-windows">
        <legend className="visually-hidden">Time window</legend>
        {LIVE_WINDOWS.map((w) => (
          <button
            key={w.id}
            type="button"
            className="button button--small"
            aria-pressed={value.kind === 'live' && value.id === w.id}
            onClick={() => {
              setCustomOpen(false);
              onChange({ kind: 'live', id: w.id });
            }}
          >
            {w.label}
          </button>
        ))}
        <button
          type="button"
          className="button button--small"
          aria-pressed={value.kind === 'custom'}
          aria-expanded={customOpen}
          onClick={openCustom}
        >
          Custom
        </button>
      </fieldset>
      {customOpen && (
        <form className="inline-form__row" aria-label="Custom time window" onSubmit={applyCustom} noValidate>
          <div className="field field--medium">
            <label htmlFor={`${id}-from`}>From</label>
            <input id={`${id}-from`} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="field field--medium">
            <label htmlFor={`${id}-to`}>To</label>
            <input id={`${id}-to`} type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
          <button type="submit" className="button button--small button--primary">
            Show
          </button>
          {error && (
            <p role="alert" className="field-error">
              {error}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
