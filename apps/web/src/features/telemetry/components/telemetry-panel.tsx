import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { telemetryQueries } from '../api/telemetry-queries';
import { useLiveTelemetry } from '../hooks/use-live-telemetry';
import { DEFAULT_WINDOW, type TelemetryWindow } from '../utils/time-windows';
import { DeviceKeyPicker } from './device-key-picker';
import { TelemetryChart } from './telemetry-chart';
import { WindowPicker } from './window-picker';

/**
 * Charts of a thing's numeric telemetry, as stored by timeseries rule actions: under the thing's name
 * unless the operator picks another device key. Live windows append rows as they are stored and slide
 * with the clock.
 */
export function TelemetryPanel({ thingName }: { thingName: string }) {
  const id = useId();
  const [window, setWindow] = useState<TelemetryWindow>(DEFAULT_WINDOW);
  const [deviceKey, setDeviceKey] = useState(thingName);
  // null until the operator picks: then the first field is shown.
  const [chosen, setChosen] = useState<string[] | null>(null);
  const fields = useQuery(telemetryQueries.fields(deviceKey));
  useLiveTelemetry(deviceKey, window);

  const names = fields.data?.fields.map((f) => f.name) ?? [];
  const selected = chosen === null ? names.slice(0, 1) : names.filter((name) => chosen.includes(name));

  function toggle(name: string, on: boolean) {
    const current = new Set(selected);
    if (on) current.add(name);
    else current.delete(name);
    setChosen(names.filter((n) => current.has(n)));
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <div className="toolbar">
        <h2 id={`${id}-title`}>Telemetry</h2>
        <WindowPicker value={window} onChange={setWindow} />
      </div>
      <DeviceKeyPicker
        thingName={thingName}
        value={deviceKey}
        onChange={(key) => {
          setDeviceKey(key);
          setChosen(null);
        }}
      />
      {fields.isPending && <p className="muted">Loading the stored fields…</p>}
      {fields.isError && (
        <p role="alert" className="alert">
          {errorMessage(fields.error)}
        </p>
      )}
      {fields.data && names.length === 0 && (
        <p className="muted">
          No telemetry is stored under <code>{deviceKey}</code> yet. A rule with a timeseries action whose device key is{' '}
          <code>{deviceKey}</code> fills these charts; if a rule stores this thing's telemetry under another key, pick
          it above.
        </p>
      )}
      {names.length > 0 && (
        <fieldset className="telemetry-fields">
          <legend>Fields</legend>
          {names.map((name) => (
            <label key={name} className="checkbox">
              <input
                type="checkbox"
                checked={selected.includes(name)}
                onChange={(event) => toggle(name, event.target.checked)}
              />
              <code>{name}</code>
            </label>
          ))}
        </fieldset>
      )}
      {selected.map((field) => (
        <TelemetryChart key={`${deviceKey}/${field}`} deviceKey={deviceKey} field={field} window={window} />
      ))}
    </section>
  );
}
