import { DomainError, type MyDevice } from '@meridian/contracts';
import {
  controlHints,
  desiredStateProblems,
  generateControls,
  mergeControlHints,
  parseControlHints,
} from './device-controls.js';
import type { DeviceOwnershipStore } from './device-ownership.store.js';

export interface DeviceThing {
  attributes: Record<string, string>;
  thingTypeName?: string;
}

export interface DeviceShadow {
  desired: Record<string, unknown>;
  reported: Record<string, unknown>;
  version: number;
}

/** What an end user's devices are made of; the server fills these from the registry, shadows and broker. */
export interface MyDevicesPorts {
  ownership: Pick<DeviceOwnershipStore, 'isOwnedBy' | 'thingsOf' | 'claim'>;
  /** Undefined when the thing does not exist. */
  thing(thingName: string): Promise<DeviceThing | undefined>;
  /** The control hints of a thing type (shadow key → hint text); empty when it has none. */
  thingTypeControlHints(thingTypeName: string): Promise<Record<string, string>>;
  /** Undefined when the device has no classic shadow yet. */
  shadow(thingName: string): Promise<DeviceShadow | undefined>;
  /** Writes the classic shadow's `desired` (merged into what is there). */
  updateDesired(thingName: string, desired: Record<string, unknown>): Promise<void>;
  isOnline(thingName: string): boolean;
}

const EMPTY_SHADOW: DeviceShadow = { desired: {}, reported: {}, version: 0 };

/**
 * The end user's view of the devices assigned to them. A device that is not theirs, assigned to someone
 * else or not existing at all, is answered in exactly the same way: not found.
 */
export class MyDevicesService {
  constructor(private readonly ports: MyDevicesPorts) {}

  async list(userId: number): Promise<MyDevice[]> {
    const devices = await Promise.all(this.ports.ownership.thingsOf(userId).map((name) => this.describe(name)));
    return devices.filter((device): device is MyDevice => device !== undefined);
  }

  async get(userId: number, thingName: string): Promise<MyDevice> {
    if (!this.ports.ownership.isOwnedBy(thingName, userId)) throw notFound(thingName);
    const device = await this.describe(thingName);
    if (device === undefined) throw notFound(thingName);
    return device;
  }

  async setDesired(userId: number, thingName: string, state: Record<string, unknown>): Promise<MyDevice> {
    const device = await this.get(userId, thingName);
    const problems = desiredStateProblems(device.controls, state);
    if (problems.length > 0) throw new DomainError('InvalidRequestException', problems.join('; '));
    await this.ports.updateDesired(thingName, state);
    return this.get(userId, thingName);
  }

  async claim(userId: number, code: string): Promise<MyDevice> {
    const outcome = this.ports.ownership.claim(code, userId);
    if (outcome.status === 'invalid') {
      throw new DomainError(
        'InvalidRequestException',
        'This claim code is not valid; it may have expired or been used',
      );
    }
    if (outcome.status === 'owned-by-another') {
      throw new DomainError('ConflictException', 'This device already belongs to someone else');
    }
    return this.get(userId, outcome.thingName);
  }

  private async describe(thingName: string): Promise<MyDevice | undefined> {
    const thing = await this.ports.thing(thingName);
    if (thing === undefined) return undefined;
    const shadow = (await this.ports.shadow(thingName)) ?? EMPTY_SHADOW;
    const typeHints =
      thing.thingTypeName === undefined ? {} : await this.ports.thingTypeControlHints(thing.thingTypeName);
    const hints = mergeControlHints(parseControlHints(typeHints), controlHints(thing.attributes));
    const device: MyDevice = {
      thingName,
      online: this.ports.isOnline(thingName),
      desired: shadow.desired,
      reported: shadow.reported,
      version: shadow.version,
      controls: generateControls(shadow, hints),
    };
    if (thing.thingTypeName !== undefined) device.thingTypeName = thing.thingTypeName;
    return device;
  }
}

const notFound = (thingName: string) => new DomainError('ResourceNotFoundException', `Device ${thingName} not found`);
