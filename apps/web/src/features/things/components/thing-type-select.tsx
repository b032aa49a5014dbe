import { useQuery } from '@tanstack/react-query';
import { thingTypeQueries } from '../api/thing-type-queries';

interface ThingTypeSelectProps {
  id: string;
  value: string;
  onChange: (thingTypeName: string) => void;
  /** Label of the empty choice. */
  noneLabel: string;
  /** A type to offer even when deprecated: the one the thing already has. */
  current?: string;
  invalid?: boolean;
  describedBy?: string;
}

/** Thing types that can be given to a thing (not deprecated), plus the thing's current one. */
export function ThingTypeSelect({
  id,
  value,
  onChange,
  noneLabel,
  current,
  invalid,
  describedBy,
}: ThingTypeSelectProps) {
  const types = useQuery(thingTypeQueries.list());
  const choices = (types.data ?? []).filter((type) => !type.deprecated || type.thingTypeName === current);
  return (
    <select
      id={id}
      value={value}
      aria-invalid={invalid ? true : undefined}
      aria-describedby={describedBy}
      onChange={(event) => onChange(event.target.value)}
    >
      <option value="">{noneLabel}</option>
      {choices.map((type) => (
        <option key={type.thingTypeName} value={type.thingTypeName}>
          {type.thingTypeName}
          {type.deprecated ? ' (deprecated)' : ''}
        </option>
      ))}
    </select>
  );
}
