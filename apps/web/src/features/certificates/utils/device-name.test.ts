import { describe, expect, it } from 'vitest';
import { validateDeviceName } from './device-name';

describe(validateDeviceName.name, () => {
  it.each(['thermostat-42', 'a', 'Floor_3:sensor-7', 'x'.repeat(128)])('accepts %s', (name) => {
    expect(validateDeviceName(name)).toBeNull();
  });

  it('asks for a name when empty', () => {
    expect(validateDeviceName('')).toBe('Enter a device name.');
  });

  it('rejects names that are too long', () => {
    expect(validateDeviceName('x'.repeat(129))).toContain('at most 128 characters');
  });

  it.each(['my device', 'dev/1', 'dév', 'a.b', 'x#'])('rejects %j with the allowed characters', (name) => {
    expect(validateDeviceName(name)).toContain('letters, digits, colons (:), underscores (_) and hyphens (-)');
  });
});
