import type { PolicyAction } from '@meridian/contracts';

export interface ResourceField {
  label: string;
  placeholder: string;
  /** Connect and DeleteConnection check the client ID when no other is given. */
  optional: boolean;
}

const TOPIC: ResourceField = { label: 'Topic', placeholder: 'things/thermostat-42/telemetry', optional: false };

/** The resource the simulated action is checked on, or null when it takes none (ListRetainedMessages). */
export function resourceFieldFor(action: PolicyAction): ResourceField | null {
  switch (action) {
    case 'iot:Connect':
    case 'iot:DeleteConnection':
      return { label: 'Client ID checked', placeholder: 'the client ID above', optional: true };
    case 'iot:Subscribe':
      return { label: 'Topic filter', placeholder: 'things/thermostat-42/#', optional: false };
    case 'iot:GetThingShadow':
    case 'iot:UpdateThingShadow':
    case 'iot:DeleteThingShadow':
    case 'iot:ListNamedShadowsForThing':
      return { label: 'Thing name (or thing/shadow)', placeholder: 'thermostat-42', optional: false };
    case 'iot:ListRetainedMessages':
      return null;
    default:
      return TOPIC;
  }
}
