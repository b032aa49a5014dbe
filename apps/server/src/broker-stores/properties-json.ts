import type { RetainedMessage } from '@meridian/broker';

type Properties = NonNullable<RetainedMessage['properties']>;

/** MQTT 5 forwarded properties as JSON text (correlation data as base64), or null when none. */
export function propertiesToJson(properties: Properties | undefined): string | null {
  if (properties === undefined) return null;
  const { correlationData, ...rest } = properties;
  const out: Record<string, unknown> = { ...rest };
  if (correlationData !== undefined) out.correlationData = correlationData.toString('base64');
  return JSON.stringify(out);
}

export function propertiesFromJson(text: string | null): Properties | undefined {
  if (text === null) return undefined;
  const parsed = JSON.parse(text) as Properties & { correlationData?: string };
  const { correlationData, ...rest } = parsed;
  const out: Properties = rest;
  if (typeof correlationData === 'string') out.correlationData = Buffer.from(correlationData, 'base64');
  return out;
}
