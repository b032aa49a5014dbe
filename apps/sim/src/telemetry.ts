export type TelemetryFields = Record<string, { min: number; max: number }>;

/** What a device sends when the telemetry options name no fields. */
export const DEFAULT_TELEMETRY_FIELDS: TelemetryFields = {
  temperature: { min: 18, max: 26 },
  humidity: { min: 30, max: 60 },
};

/** The telemetry topic of one device: every `{thing}` in the template replaced by its name. */
export function telemetryTopic(template: string, thingName: string): string {
  return template.replaceAll('{thing}', thingName);
}

/** Throws for a field whose range is not two finite numbers with min <= max. */
export function checkTelemetryFields(fields: TelemetryFields): void {
  for (const [name, { min, max }] of Object.entries(fields)) {
    if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) {
      throw new RangeError(`telemetry field "${name}" needs finite min <= max, got min ${min}, max ${max}`);
    }
  }
}

/**
 * One reading: each field a uniformly drawn value within its range, rounded to two decimals, plus
 * `timestamp` (epoch milliseconds) unless a field of that name is configured.
 */
export function telemetryReading(
  fields: TelemetryFields,
  now: number,
  random: () => number = Math.random,
): Record<string, number> {
  const reading: Record<string, number> = { timestamp: now };
  for (const [name, { min, max }] of Object.entries(fields)) {
    const value = Math.round((min + random() * (max - min)) * 100) / 100;
    reading[name] = Math.min(max, Math.max(min, value));
  }
  return reading;
}
