import { defaultShadowLimits, type ShadowLimits } from './shadow.limits.js';

/** Settings of the shadow service; every one has a default (AWS's where AWS has one). */
export interface ShadowSettings extends ShadowLimits {
  /** How long a deleted shadow's version is remembered, so that a re-created one continues from it (AWS: 48 h). */
  tombstoneRetentionSeconds: number;
  /** Accepted versions kept per shadow for the console's history (not an AWS feature; 0 keeps none). */
  keepVersions: number;
  /** Requests queued or running per thing before further ones are refused with 429 (AWS: 10). */
  maxInFlightPerThing: number;
  /** MQTT shadow requests queued or running per client connection before 429 (AWS: 10). */
  maxInFlightPerClient: number;
  /**
   * Get, update and delete requests per second per thing, over MQTT and HTTP and across its classic
   * and named shadows, before further ones are refused with 429 (AWS: 20); 0 turns the limit off.
   */
  maxRequestsPerSecondPerThing: number;
  /** Page size of ListNamedShadowsForThing when the request names none (1–100). */
  defaultPageSize: number;
}

export const defaultShadowSettings: Readonly<ShadowSettings> = {
  ...defaultShadowLimits,
  tombstoneRetentionSeconds: 48 * 60 * 60,
  keepVersions: 100,
  maxInFlightPerThing: 10,
  maxInFlightPerClient: 10,
  maxRequestsPerSecondPerThing: 20,
  defaultPageSize: 100,
};
