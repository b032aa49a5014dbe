import { DEVICE_NAME_PATTERN } from '@meridian/contracts';

const DEVICE_NAME_REGEX = new RegExp(DEVICE_NAME_PATTERN);
const MAX_LENGTH = 128;

/** Checks a device name against the contracts' pattern; returns a message for the operator, or null. */
export function validateDeviceName(name: string): string | null {
  if (name === '') return 'Enter a device name.';
  if (name.length > MAX_LENGTH) return `Device names can be at most ${MAX_LENGTH} characters long.`;
  if (!DEVICE_NAME_REGEX.test(name)) {
    return 'Device names may contain only letters, digits, colons (:), underscores (_) and hyphens (-), with no spaces.';
  }
  return null;
}
