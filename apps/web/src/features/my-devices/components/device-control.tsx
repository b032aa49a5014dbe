import type { DeviceControl as Control, MyDevice } from '@meridian/contracts';
import { useId, useState } from 'react';
import { useSetDesired } from '../api/my-device-mutations';
import { useConfirmation } from '../hooks/use-confirmation';
import { ControlStatus } from './control-status';

type Value = boolean | number | string;

interface DeviceControlProps {
  device: MyDevice;
  control: Control;
  confirmTimeoutMs: number;
}

/** One shadow key of a device: its input, and whether the device confirmed the last change. */
export function DeviceControl({ device, control, confirmTimeoutMs }: DeviceControlProps) {
  const id = useId();
  const { key } = control;
  const reported = device.reported[key];
  const [confirmation, dispatch, latestReported] = useConfirmation(reported, confirmTimeoutMs);
  const setDesired = useSetDesired(device.thingName);

  const write = (value: Value) => {
    dispatch({ type: 'written', value, at: Date.now() });
    setDesired.mutate(
      { [key]: value },
      {
        // The device may already be in that state: nothing more will come to confirm it.
        onSuccess: () => dispatch({ type: 'reported', value: latestReported() }),
        onError: () => dispatch({ type: 'write-failed' }),
      },
    );
  };
  const retry = () => {
    if (confirmation.target !== undefined) write(confirmation.target as Value);
  };
  // What the user asked for while it is not confirmed; what the device says otherwise.
  const shown =
    confirmation.status === 'pending' || confirmation.status === 'not-confirmed'
      ? confirmation.target
      : (reported ?? device.desired[key]);

  return (
    <div className="control">
      <label className="control__label" htmlFor={id}>
        {key}
      </label>
      <div className="control__input">
        <ControlInput id={id} control={control} value={shown} onChange={write} />
      </div>
      <ControlStatus confirmation={confirmation} onRetry={retry} />
      {setDesired.isError && (
        <p role="alert" className="alert control__error">
          {setDesired.error.message}
        </p>
      )}
    </div>
  );
}

interface ControlInputProps {
  id: string;
  control: Control;
  value: unknown;
  onChange(value: Value): void;
}

function ControlInput({ id, control, value, onChange }: ControlInputProps) {
  switch (control.kind) {
    case 'switch': {
      const on = value === true;
      return (
        <button
          id={id}
          type="button"
          role="switch"
          aria-checked={on}
          className={`switch${on ? ' switch--on' : ''}`}
          onClick={() => onChange(!on)}
        >
          <span className="switch__thumb" />
          <span className="switch__text">{on ? 'On' : 'Off'}</span>
        </button>
      );
    }
    case 'slider':
      return <SliderInput id={id} control={control} value={value} onChange={onChange} />;
    case 'number':
      return <NumberInput id={id} value={value} onChange={onChange} />;
    case 'select':
      return (
        <select
          id={id}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.target.value)}
        >
          {typeof value !== 'string' && <option value="">—</option>}
          {(control.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
    default:
      return (
        <output id={id} className="control__readout">
          {value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value)}
        </output>
      );
  }
}

/** Moves freely while dragged; writes once the thumb is let go. */
function SliderInput({ id, control, value, onChange }: ControlInputProps) {
  const min = control.min ?? 0;
  const max = control.max ?? 100;
  const current = typeof value === 'number' ? value : min;
  const [draft, setDraft] = useState<number | undefined>(undefined);
  const commit = () => {
    if (draft !== undefined && draft !== current) onChange(draft);
    setDraft(undefined);
  };
  return (
    <span className="slider">
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={control.step ?? 1}
        value={draft ?? current}
        onChange={(event) => setDraft(Number(event.target.value))}
        onPointerUp={commit}
        onKeyUp={commit}
        onBlur={commit}
      />
      <span className="slider__value">{draft ?? current}</span>
    </span>
  );
}

function NumberInput({ id, value, onChange }: Omit<ControlInputProps, 'control'>) {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const shown = draft ?? (typeof value === 'number' ? String(value) : '');
  return (
    <form
      className="number-control"
      onSubmit={(event) => {
        event.preventDefault();
        const number = Number(shown);
        if (shown.trim() === '' || !Number.isFinite(number)) return;
        onChange(number);
        setDraft(undefined);
      }}
    >
      <input id={id} type="number" inputMode="decimal" value={shown} onChange={(e) => setDraft(e.target.value)} />
      <button type="submit" className="button button--small">
        Set
      </button>
    </form>
  );
}
