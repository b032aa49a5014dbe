import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { telemetryQueries } from '../api/telemetry-queries';

interface DeviceKeyPickerProps {
  thingName: string;
  value: string;
  onChange(deviceKey: string): void;
}

/**
 * Which stored series to chart: the thing's name by default, or any device key with stored rows, for
 * rules that store a thing's telemetry under another key (its client id, a payload attribute…).
 */
export function DeviceKeyPicker({ thingName, value, onChange }: DeviceKeyPickerProps) {
  const id = useId();
  const stored = useQuery(telemetryQueries.deviceKeys());
  const keys = [...new Set([thingName, value, ...(stored.data ?? [])])];

  return (
    <div className="field field--medium">
      <label htmlFor={`${id}-key`}>Device key</label>
      <select id={`${id}-key`} value={value} onChange={(event) => onChange(event.target.value)}>
        {keys.map((key) => (
          <option key={key} value={key}>
            {key === thingName ? `${key} (thing name)` : key}
          </option>
        ))}
      </select>
      {stored.isError && (
        <p role="alert" className="field-error">
          {errorMessage(stored.error)}
        </p>
      )}
    </div>
  );
}
