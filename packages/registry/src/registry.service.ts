import { randomUUID } from 'node:crypto';
import { IotArns } from '@meridian/contracts';
import { PrincipalsService } from './principals.service.js';
import { ChangeNotifier, type RegistryChange, type RegistryChangeListener } from './registry.events.js';
import { isValidName } from './registry.rules.js';
import type { Awaitable, RegistryStore } from './registry.store.js';
import type { ConnectionThing, GroupNameAndArn } from './registry.types.js';
import type { RegistryContext } from './registry-context.js';
import { ThingGroupsService } from './thing-groups.service.js';
import { ThingTypesService } from './thing-types.service.js';
import { ThingsService } from './things.service.js';
import { WriteQueue } from './write-queue.js';

/** Region and account of the registry's ARNs. */
export interface ArnOptions {
  /** Default `us-east-1`. */
  region?: string;
  /** Default `123456789012`. */
  accountId?: string;
}

export interface RegistryOptions extends ArnOptions {
  store: RegistryStore;
  /** Whether a principal (certificate ARN) exists; certificates live outside the registry. */
  principalExists: (principal: string) => Awaitable<boolean>;
  /** Epoch milliseconds; default `Date.now`. */
  now?: () => number;
  /** Ids of new things, thing types and groups; default random UUIDs, as AWS returns. */
  newId?: () => string;
  /** Called when a change listener throws; default: a process warning. */
  onListenerError?: (error: unknown, change: RegistryChange) => void;
}

function warnListenerError(error: unknown, change: RegistryChange): void {
  const reason = error instanceof Error ? error.message : String(error);
  process.emitWarning(`registry change listener failed on ${change.type}: ${reason}`);
}

/**
 * The thing registry (things, thing types, static thing groups, principals) over a `RegistryStore`.
 * Every refused request throws a `DomainError` named after AWS IoT's exception.
 */
export class RegistryService {
  readonly things: ThingsService;
  readonly thingTypes: ThingTypesService;
  readonly thingGroups: ThingGroupsService;
  readonly principals: PrincipalsService;
  private readonly ctx: RegistryContext;

  constructor(options: RegistryOptions) {
    this.ctx = {
      store: options.store,
      arns: new IotArns(options.region ?? 'us-east-1', options.accountId ?? '123456789012'),
      now: options.now ?? Date.now,
      newId: options.newId ?? randomUUID,
      principalExists: options.principalExists,
      changes: new ChangeNotifier(options.onListenerError ?? warnListenerError),
      writes: new WriteQueue(),
    };
    this.things = new ThingsService(this.ctx);
    this.thingTypes = new ThingTypesService(this.ctx);
    this.thingGroups = new ThingGroupsService(this.ctx, this.things);
    this.principals = new PrincipalsService(this.ctx, this.things);
  }

  /**
   * The thing behind `iot:Connection.Thing.*`: the thing named like the MQTT client id, only when the
   * connecting principal is attached to it. One indexed store lookup.
   */
  async thingForConnection(clientId: string, principalArn: string): Promise<ConnectionThing | undefined> {
    if (!isValidName(clientId)) return undefined;
    const thing = await this.ctx.store.attachedThing(clientId, principalArn);
    if (thing === undefined) return undefined;
    return thing.thingTypeName === undefined
      ? { name: thing.thingName, attributes: thing.attributes }
      : { name: thing.thingName, typeName: thing.thingTypeName, attributes: thing.attributes };
  }

  /** Groups whose policies apply to the thing: its groups and all their ancestors (unknown thing: none). */
  async groupsOfThing(thingName: string): Promise<GroupNameAndArn[]> {
    if (!isValidName(thingName)) return [];
    return this.thingGroups.withAncestors(thingName);
  }

  /** Listens to changes that can alter authorization decisions; returns the function that stops listening. */
  onChange(listener: RegistryChangeListener): () => void {
    return this.ctx.changes.subscribe(listener);
  }
}
