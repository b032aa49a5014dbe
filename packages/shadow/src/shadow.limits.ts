/** Size, depth and name limits of shadow documents; defaults are AWS IoT's. */
export interface ShadowLimits {
  /** UTF-8 bytes of the stored `desired` plus `reported` JSON after a merge (metadata excluded). */
  maxDocumentBytes: number;
  /**
   * Deepest nesting allowed, counting the `desired`/`reported` object itself as level 1 and every
   * object or array below it as one more level. AWS's texts disagree (5, 6 or 8); 6 reconciles the
   * error message with the old quota example of five nested objects below `desired`.
   */
  maxDepth: number;
  maxClientTokenBytes: number;
  maxThingNameLength: number;
  maxShadowNameLength: number;
  /**
   * Largest request body parsed at all. Not an AWS rule: a guard that refuses a huge body with 413
   * before spending time on parsing it (the MQTT payload limit is 128 KB anyway).
   */
  maxRequestBytes: number;
}

export const defaultShadowLimits: Readonly<ShadowLimits> = {
  maxDocumentBytes: 8192,
  maxDepth: 6,
  maxClientTokenBytes: 64,
  maxThingNameLength: 128,
  maxShadowNameLength: 64,
  maxRequestBytes: 128 * 1024,
};

const THING_NAME = /^[a-zA-Z0-9:_-]+$/;
const SHADOW_NAME = /^[$a-zA-Z0-9:_-]+$/;

export function isValidThingName(name: string, limits: Pick<ShadowLimits, 'maxThingNameLength'>): boolean {
  return name.length >= 1 && name.length <= limits.maxThingNameLength && THING_NAME.test(name);
}

export function isValidShadowName(name: string, limits: Pick<ShadowLimits, 'maxShadowNameLength'>): boolean {
  return name.length >= 1 && name.length <= limits.maxShadowNameLength && SHADOW_NAME.test(name);
}
