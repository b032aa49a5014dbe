import type {
  AttributeFilter,
  Page,
  PrincipalAttachment,
  RegistryStore,
  ThingFilter,
  ThingGroupFilter,
  ThingGroupRecord,
  ThingRecord,
  ThingTypeRecord,
} from './registry.store.js';

function byKey<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}

function paged<T>(items: Iterable<T>, key: (item: T) => string, page: Page): T[] {
  return [...items]
    .filter((item) => page.after === undefined || key(item) > page.after)
    .sort(byKey(key))
    .slice(0, page.limit);
}

function matchesAttribute(thing: ThingRecord, filter: AttributeFilter): boolean {
  const value = thing.attributes[filter.name];
  if (value === undefined) return false;
  if (filter.value === undefined) return true;
  return filter.prefix ? value.startsWith(filter.value) : value === filter.value;
}

/**
 * Records are copied in and out so callers never share mutable state with the store; the JSON round trip
 * also drops members set to `undefined`, as a persisting store does.
 */
const copy = <T>(record: T): T => JSON.parse(JSON.stringify(record)) as T;
const copyThing = copy<ThingRecord>;
const copyGroup = copy<ThingGroupRecord>;
const copyType = copy<ThingTypeRecord>;

/** Registry state in maps: for tests and single-process use without persistence. */
export class MemoryRegistryStore implements RegistryStore {
  private readonly things = new Map<string, ThingRecord>();
  private readonly thingTypes = new Map<string, ThingTypeRecord>();
  private readonly groups = new Map<string, ThingGroupRecord>();
  /** group name → member thing names */
  private readonly members = new Map<string, Set<string>>();
  /** `${thingName}\n${principal}` → attachment */
  private readonly attachments = new Map<string, PrincipalAttachment>();

  getThing(thingName: string): ThingRecord | undefined {
    const thing = this.things.get(thingName);
    return thing && copyThing(thing);
  }

  insertThing(thing: ThingRecord): void {
    this.things.set(thing.thingName, copyThing(thing));
  }

  updateThing(thing: ThingRecord): void {
    this.things.set(thing.thingName, copyThing(thing));
  }

  deleteThing(thingName: string): void {
    this.things.delete(thingName);
    for (const names of this.members.values()) names.delete(thingName);
  }

  listThings(filter: ThingFilter, page: Page): ThingRecord[] {
    const groupMembers = filter.thingGroupName === undefined ? undefined : this.members.get(filter.thingGroupName);
    const matches = [...this.things.values()].filter(
      (thing) =>
        (filter.thingTypeName === undefined || thing.thingTypeName === filter.thingTypeName) &&
        (filter.namePrefix === undefined || thing.thingName.startsWith(filter.namePrefix)) &&
        (filter.nameContains ?? []).every((part) => thing.thingName.toLowerCase().includes(part.toLowerCase())) &&
        (filter.attributes ?? []).every((attribute) => matchesAttribute(thing, attribute)) &&
        (filter.thingGroupName === undefined || (groupMembers?.has(thing.thingName) ?? false)),
    );
    return paged(matches, (thing) => thing.thingName, page).map(copyThing);
  }

  thingTypeInUse(thingTypeName: string): boolean {
    return [...this.things.values()].some((thing) => thing.thingTypeName === thingTypeName);
  }

  getThingType(thingTypeName: string): ThingTypeRecord | undefined {
    const thingType = this.thingTypes.get(thingTypeName);
    return thingType && copyType(thingType);
  }

  insertThingType(thingType: ThingTypeRecord): void {
    this.thingTypes.set(thingType.thingTypeName, copyType(thingType));
  }

  updateThingType(thingType: ThingTypeRecord): void {
    this.thingTypes.set(thingType.thingTypeName, copyType(thingType));
  }

  deleteThingType(thingTypeName: string): void {
    this.thingTypes.delete(thingTypeName);
  }

  listThingTypes(filter: { thingTypeName?: string }, page: Page): ThingTypeRecord[] {
    const matches = [...this.thingTypes.values()].filter(
      (thingType) => filter.thingTypeName === undefined || thingType.thingTypeName === filter.thingTypeName,
    );
    return paged(matches, (thingType) => thingType.thingTypeName, page).map(copyType);
  }

  getThingGroup(thingGroupName: string): ThingGroupRecord | undefined {
    const group = this.groups.get(thingGroupName);
    return group && copyGroup(group);
  }

  insertThingGroup(group: ThingGroupRecord): void {
    this.groups.set(group.thingGroupName, copyGroup(group));
    this.members.set(group.thingGroupName, new Set());
  }

  updateThingGroup(group: ThingGroupRecord): void {
    this.groups.set(group.thingGroupName, copyGroup(group));
  }

  deleteThingGroup(thingGroupName: string): string[] {
    const formerMembers = [...(this.members.get(thingGroupName) ?? [])].sort();
    this.groups.delete(thingGroupName);
    this.members.delete(thingGroupName);
    return formerMembers;
  }

  listThingGroups(filter: ThingGroupFilter, page: Page): ThingGroupRecord[] {
    const matches = [...this.groups.values()].filter(
      (group) =>
        (filter.parentGroupName === undefined || group.ancestors.at(-1) === filter.parentGroupName) &&
        (filter.descendantsOf === undefined || group.ancestors.includes(filter.descendantsOf)) &&
        (filter.namePrefix === undefined || group.thingGroupName.startsWith(filter.namePrefix)),
    );
    return paged(matches, (group) => group.thingGroupName, page).map(copyGroup);
  }

  countChildGroups(thingGroupName: string): number {
    return [...this.groups.values()].filter((group) => group.ancestors.at(-1) === thingGroupName).length;
  }

  addThingToGroup(thingName: string, thingGroupName: string): void {
    this.members.get(thingGroupName)?.add(thingName);
  }

  removeThingFromGroup(thingName: string, thingGroupName: string): void {
    this.members.get(thingGroupName)?.delete(thingName);
  }

  groupsOfThing(thingName: string): ThingGroupRecord[] {
    const names = [...this.members].filter(([, things]) => things.has(thingName)).map(([group]) => group);
    return names
      .sort()
      .map((name) => this.groups.get(name))
      .filter((group) => group !== undefined)
      .map(copyGroup);
  }

  listThingsInGroup(thingGroupName: string, recursive: boolean, page: Page): string[] {
    const groupNames = [thingGroupName];
    if (recursive) {
      for (const group of this.groups.values()) {
        if (group.ancestors.includes(thingGroupName)) groupNames.push(group.thingGroupName);
      }
    }
    const things = new Set(groupNames.flatMap((name) => [...(this.members.get(name) ?? [])]));
    return paged(things, (name) => name, page);
  }

  attachPrincipal(attachment: PrincipalAttachment): void {
    this.attachments.set(`${attachment.thingName}\n${attachment.principal}`, { ...attachment });
  }

  detachPrincipal(thingName: string, principal: string): void {
    this.attachments.delete(`${thingName}\n${principal}`);
  }

  principalsOfThing(thingName: string, page: Page): PrincipalAttachment[] {
    const matches = [...this.attachments.values()].filter((attachment) => attachment.thingName === thingName);
    return paged(matches, (attachment) => attachment.principal, page).map((attachment) => ({ ...attachment }));
  }

  thingsOfPrincipal(principal: string, page: Page): PrincipalAttachment[] {
    const matches = [...this.attachments.values()].filter((attachment) => attachment.principal === principal);
    return paged(matches, (attachment) => attachment.thingName, page).map((attachment) => ({ ...attachment }));
  }

  attachedThing(thingName: string, principal: string): ThingRecord | undefined {
    return this.attachments.has(`${thingName}\n${principal}`) ? this.getThing(thingName) : undefined;
  }
}
