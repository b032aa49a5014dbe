/** A value or a promise of it: the SQLite store answers synchronously, a networked store asynchronously. */
export type Awaitable<T> = T | Promise<T>;

export type Attributes = Record<string, string>;

export interface ThingRecord {
  thingName: string;
  thingId: string;
  thingTypeName?: string;
  attributes: Attributes;
  version: number;
}

export interface PropagatingAttribute {
  userPropertyKey?: string;
  thingAttribute?: string;
  connectionAttribute?: string;
}

export interface ThingTypeProperties {
  thingTypeDescription?: string;
  searchableAttributes?: string[];
  mqtt5Configuration?: { propagatingAttributes?: PropagatingAttribute[] };
}

export interface ThingTypeRecord {
  thingTypeName: string;
  thingTypeId: string;
  thingTypeProperties: ThingTypeProperties;
  deprecated: boolean;
  /** Epoch milliseconds. */
  deprecationDate?: number;
  /** Epoch milliseconds. */
  creationDate: number;
}

export interface ThingGroupRecord {
  thingGroupName: string;
  thingGroupId: string;
  /** Names from the root group down to the parent; empty for a root group. Fixed at creation. */
  ancestors: string[];
  description?: string;
  attributes: Attributes;
  version: number;
  /** Epoch milliseconds. */
  creationDate: number;
}

export type ThingPrincipalType = 'EXCLUSIVE_THING' | 'NON_EXCLUSIVE_THING';

export interface PrincipalAttachment {
  thingName: string;
  principal: string;
  thingPrincipalType: ThingPrincipalType;
}

/** Keyset paging: rows whose key sorts after `after` (ascending by name), at most `limit` of them. */
export interface Page {
  after?: string;
  limit: number;
}

export interface AttributeFilter {
  name: string;
  /** Absent: the thing only needs to have the attribute. */
  value?: string;
  /** When true, `value` is a prefix of the stored value. */
  prefix?: boolean;
}

/** Every condition present must hold. */
export interface ThingFilter {
  thingTypeName?: string;
  attributes?: AttributeFilter[];
  namePrefix?: string;
  /** Substrings of the thing name, compared without regard to ASCII case. */
  nameContains?: string[];
  /** Direct members of this group only. */
  thingGroupName?: string;
}

export interface ThingGroupFilter {
  /** Direct children of this group. */
  parentGroupName?: string;
  /** Every group below this one, at any depth. */
  descendantsOf?: string;
  namePrefix?: string;
}

/**
 * Storage port of the registry. The service validates every rule and serializes its writes; a store only
 * keeps rows consistent (a write that touches several rows is atomic) and answers queries sorted by name.
 */
export interface RegistryStore {
  getThing(thingName: string): Awaitable<ThingRecord | undefined>;
  insertThing(thing: ThingRecord): Awaitable<void>;
  /** Replaces the stored thing of the same name, attributes included. */
  updateThing(thing: ThingRecord): Awaitable<void>;
  /** Removes the thing and its group memberships. */
  deleteThing(thingName: string): Awaitable<void>;
  listThings(filter: ThingFilter, page: Page): Awaitable<ThingRecord[]>;
  thingTypeInUse(thingTypeName: string): Awaitable<boolean>;

  getThingType(thingTypeName: string): Awaitable<ThingTypeRecord | undefined>;
  insertThingType(thingType: ThingTypeRecord): Awaitable<void>;
  /** Stores deprecation changes (the properties are immutable). */
  updateThingType(thingType: ThingTypeRecord): Awaitable<void>;
  deleteThingType(thingTypeName: string): Awaitable<void>;
  listThingTypes(filter: { thingTypeName?: string }, page: Page): Awaitable<ThingTypeRecord[]>;

  getThingGroup(thingGroupName: string): Awaitable<ThingGroupRecord | undefined>;
  insertThingGroup(group: ThingGroupRecord): Awaitable<void>;
  /** Stores description, attributes and version (the place in the hierarchy never changes). */
  updateThingGroup(group: ThingGroupRecord): Awaitable<void>;
  /** Removes the group and its memberships; answers the names of the things that were members. */
  deleteThingGroup(thingGroupName: string): Awaitable<string[]>;
  listThingGroups(filter: ThingGroupFilter, page: Page): Awaitable<ThingGroupRecord[]>;
  countChildGroups(thingGroupName: string): Awaitable<number>;

  /** Adding an existing membership changes nothing. */
  addThingToGroup(thingName: string, thingGroupName: string): Awaitable<void>;
  removeThingFromGroup(thingName: string, thingGroupName: string): Awaitable<void>;
  /** The groups the thing is a direct member of, sorted by name. */
  groupsOfThing(thingName: string): Awaitable<ThingGroupRecord[]>;
  /** Names of the group's member things; with `recursive`, also of the members of every descendant group. */
  listThingsInGroup(thingGroupName: string, recursive: boolean, page: Page): Awaitable<string[]>;

  /** Inserts the attachment or replaces its type. */
  attachPrincipal(attachment: PrincipalAttachment): Awaitable<void>;
  detachPrincipal(thingName: string, principal: string): Awaitable<void>;
  /** Sorted by principal. */
  principalsOfThing(thingName: string, page: Page): Awaitable<PrincipalAttachment[]>;
  /** Sorted by thing name. */
  thingsOfPrincipal(principal: string, page: Page): Awaitable<PrincipalAttachment[]>;
  /** The thing, only when `principal` is attached to it. */
  attachedThing(thingName: string, principal: string): Awaitable<ThingRecord | undefined>;
}
