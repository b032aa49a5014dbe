import { DomainError } from '@meridian/contracts';
import { fetchPage, pageOf } from './paging.js';
import {
  applyAttributePayload,
  checkAttributeCount,
  initialAttributes,
  invalidRequest,
  notFound,
  optionalBoolean,
  optionalVersion,
  REGISTRY_LIMITS,
  requireDescription,
  requireName,
  requireVersion,
  sameAttributes,
} from './registry.rules.js';
import type { Attributes, ThingGroupFilter, ThingGroupRecord, ThingRecord } from './registry.store.js';
import type {
  CreateThingGroupInput,
  CreateThingGroupOutput,
  DeleteThingGroupInput,
  DescribeThingGroupOutput,
  GroupNameAndArn,
  ListThingGroupsForThingInput,
  ListThingGroupsInput,
  ListThingGroupsOutput,
  ListThingsInThingGroupInput,
  ThingGroupMembershipInput,
  ThingGroupProperties,
  ThingNamesOutput,
  UpdateThingGroupInput,
  UpdateThingGroupOutput,
} from './registry.types.js';
import { epochSeconds, type RegistryContext } from './registry-context.js';
import type { ThingsService } from './things.service.js';

interface CheckedProperties {
  description?: string;
  attributePayload?: ThingGroupProperties['attributePayload'];
}

function checkProperties(value: unknown): CheckedProperties {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidRequest('thingGroupProperties must be an object');
  }
  const properties = value as ThingGroupProperties;
  const checked: CheckedProperties = {};
  if (properties.thingGroupDescription !== undefined) {
    checked.description = requireDescription('thingGroupDescription', properties.thingGroupDescription);
  }
  if (properties.attributePayload !== undefined) checked.attributePayload = properties.attributePayload;
  return checked;
}

function checkGroupAttributeCount(attributes: Attributes): void {
  checkAttributeCount(attributes, REGISTRY_LIMITS.thingGroupAttributes, 'A thing group');
}

const rootOf = (group: ThingGroupRecord) => group.ancestors[0] ?? group.thingGroupName;

function groupRecord(fields: ThingGroupRecord): ThingGroupRecord {
  const { description, ...rest } = fields;
  return description === undefined || description === '' ? rest : { ...rest, description };
}

/**
 * Static thing groups. The parent is fixed at creation; a group with child groups cannot be deleted
 * (InvalidRequestException) — delete the children first, so no group is ever left without its parent.
 */
export class ThingGroupsService {
  constructor(
    private readonly ctx: RegistryContext,
    private readonly things: ThingsService,
  ) {}

  async create(input: CreateThingGroupInput): Promise<CreateThingGroupOutput> {
    const thingGroupName = requireName('thingGroupName', input.thingGroupName);
    const parentGroupName =
      input.parentGroupName === undefined ? undefined : requireName('parentGroupName', input.parentGroupName);
    const properties = checkProperties(input.thingGroupProperties);
    const attributes = initialAttributes(properties.attributePayload);
    checkGroupAttributeCount(attributes);
    return this.ctx.writes.run(async () => {
      const existing = await this.ctx.store.getThingGroup(thingGroupName);
      if (existing !== undefined) {
        // Idempotent for an identical group, as AWS documents for CreateThingGroup.
        const identical =
          existing.ancestors.at(-1) === parentGroupName &&
          (existing.description ?? '') === (properties.description ?? '') &&
          sameAttributes(existing.attributes, attributes);
        if (identical) return this.identity(existing);
        throw new DomainError(
          'ResourceAlreadyExistsException',
          `Thing group ${thingGroupName} already exists with a different configuration`,
          { resourceId: existing.thingGroupId, resourceArn: this.ctx.arns.thingGroup(thingGroupName) },
        );
      }
      const ancestors = parentGroupName === undefined ? [] : await this.childPlaceUnder(parentGroupName);
      const group = groupRecord({
        thingGroupName,
        thingGroupId: this.ctx.newId(),
        ancestors,
        description: properties.description,
        attributes,
        version: 1,
        creationDate: this.ctx.now(),
      });
      await this.ctx.store.insertThingGroup(group);
      return this.identity(group);
    });
  }

  async describe(input: { thingGroupName: string }): Promise<DescribeThingGroupOutput> {
    const group = await this.get(input.thingGroupName);
    const output: DescribeThingGroupOutput = {
      thingGroupName: group.thingGroupName,
      thingGroupId: group.thingGroupId,
      thingGroupArn: this.ctx.arns.thingGroup(group.thingGroupName),
      version: group.version,
      thingGroupProperties: { attributePayload: { attributes: group.attributes } },
      thingGroupMetadata: { creationDate: epochSeconds(group.creationDate) },
    };
    if (group.description !== undefined) output.thingGroupProperties.thingGroupDescription = group.description;
    const parentGroupName = group.ancestors.at(-1);
    if (parentGroupName !== undefined) {
      output.thingGroupMetadata.parentGroupName = parentGroupName;
      output.thingGroupMetadata.rootToParentThingGroups = group.ancestors.map((name) => this.nameAndArn(name));
    }
    return output;
  }

  /** Replaces the description when given (`""` clears it); attributes follow the attribute payload rules. */
  async update(input: UpdateThingGroupInput): Promise<UpdateThingGroupOutput> {
    const thingGroupName = requireName('thingGroupName', input.thingGroupName);
    if (input.thingGroupProperties === undefined) throw invalidRequest('thingGroupProperties is required');
    const properties = checkProperties(input.thingGroupProperties);
    const expectedVersion = optionalVersion('expectedVersion', input.expectedVersion);
    return this.ctx.writes.run(async () => {
      const current = await this.get(thingGroupName);
      requireVersion('Thing group', thingGroupName, current.version, expectedVersion);
      const attributes = applyAttributePayload(current.attributes, properties.attributePayload);
      checkGroupAttributeCount(attributes);
      const version = current.version + 1;
      const description = properties.description ?? current.description;
      await this.ctx.store.updateThingGroup(groupRecord({ ...current, description, attributes, version }));
      return { version };
    });
  }

  /** Succeeds for a group that does not exist; refused while the group has child groups. */
  async delete(input: DeleteThingGroupInput): Promise<Record<string, never>> {
    const thingGroupName = requireName('thingGroupName', input.thingGroupName);
    const expectedVersion = optionalVersion('expectedVersion', input.expectedVersion);
    return this.ctx.writes.run(async () => {
      const current = await this.ctx.store.getThingGroup(thingGroupName);
      if (current === undefined) return {};
      requireVersion('Thing group', thingGroupName, current.version, expectedVersion);
      if ((await this.ctx.store.countChildGroups(thingGroupName)) > 0) {
        throw invalidRequest(`Thing group ${thingGroupName} has child groups; delete them first`);
      }
      const thingNames = await this.ctx.store.deleteThingGroup(thingGroupName);
      this.ctx.changes.emit({ type: 'thing-group-deleted', thingGroupName, thingNames });
      return {};
    });
  }

  /**
   * ListThingGroups: every group; with `parentGroup` its children (all descendants with `recursive`);
   * `namePrefixFilter` keeps names starting with it.
   */
  async list(input: ListThingGroupsInput): Promise<ListThingGroupsOutput> {
    const filter: ThingGroupFilter = {};
    const recursive = optionalBoolean('recursive', input.recursive);
    if (input.parentGroup !== undefined) {
      const parent = await this.get(input.parentGroup);
      if (recursive) filter.descendantsOf = parent.thingGroupName;
      else filter.parentGroupName = parent.thingGroupName;
    }
    if (input.namePrefixFilter !== undefined)
      filter.namePrefix = requireName('namePrefixFilter', input.namePrefixFilter);
    const { items, nextToken } = await fetchPage(
      pageOf(input),
      (page) => this.ctx.store.listThingGroups(filter, page),
      (group) => group.thingGroupName,
    );
    const thingGroups = items.map((group) => this.nameAndArn(group.thingGroupName));
    return nextToken === undefined ? { thingGroups } : { thingGroups, nextToken };
  }

  /** ListThingGroupsForThing: the groups the thing is a direct member of. */
  async listForThing(input: ListThingGroupsForThingInput): Promise<ListThingGroupsOutput> {
    const thing = await this.things.get(input.thingName);
    const groups = (await this.ctx.store.groupsOfThing(thing.thingName)).map((group) => group.thingGroupName);
    const { items, nextToken } = await fetchPage(
      pageOf(input),
      (page) => groups.filter((name) => page.after === undefined || name > page.after).slice(0, page.limit),
      (name) => name,
    );
    const thingGroups = items.map((name) => this.nameAndArn(name));
    return nextToken === undefined ? { thingGroups } : { thingGroups, nextToken };
  }

  /**
   * AddThingToThingGroup. Adding a thing that is already a member changes nothing; a thing is in at most
   * 10 groups and never in two groups with the same root.
   */
  async addThing(input: ThingGroupMembershipInput): Promise<Record<string, never>> {
    const names = this.membershipNames(input);
    return this.ctx.writes.run(async () => {
      const { group, thing } = await this.membership(names);
      const current = await this.ctx.store.groupsOfThing(thing.thingName);
      if (current.some((member) => member.thingGroupName === group.thingGroupName)) return {};
      if (current.length >= REGISTRY_LIMITS.groupsPerThing) {
        throw invalidRequest(
          `Thing ${thing.thingName} is already in ${REGISTRY_LIMITS.groupsPerThing} thing groups, the most allowed`,
        );
      }
      const sameHierarchy = current.find((member) => rootOf(member) === rootOf(group));
      if (sameHierarchy !== undefined) {
        throw invalidRequest(
          `Thing ${thing.thingName} is already in thing group ${sameHierarchy.thingGroupName} of the same hierarchy (root ${rootOf(group)})`,
        );
      }
      await this.ctx.store.addThingToGroup(thing.thingName, group.thingGroupName);
      this.ctx.changes.emit({
        type: 'thing-group-membership-added',
        thingName: thing.thingName,
        thingGroupName: group.thingGroupName,
      });
      return {};
    });
  }

  /** RemoveThingFromThingGroup; removing a thing that is not a member changes nothing. */
  async removeThing(input: ThingGroupMembershipInput): Promise<Record<string, never>> {
    const names = this.membershipNames(input);
    return this.ctx.writes.run(async () => {
      const { group, thing } = await this.membership(names);
      const current = await this.ctx.store.groupsOfThing(thing.thingName);
      if (!current.some((member) => member.thingGroupName === group.thingGroupName)) return {};
      await this.ctx.store.removeThingFromGroup(thing.thingName, group.thingGroupName);
      this.ctx.changes.emit({
        type: 'thing-group-membership-removed',
        thingName: thing.thingName,
        thingGroupName: group.thingGroupName,
      });
      return {};
    });
  }

  /** ListThingsInThingGroup: member names; with `recursive` also those of descendant groups. */
  async listThings(input: ListThingsInThingGroupInput): Promise<ThingNamesOutput> {
    const group = await this.get(input.thingGroupName);
    const recursive = optionalBoolean('recursive', input.recursive);
    const { items, nextToken } = await fetchPage(
      pageOf(input),
      (page) => this.ctx.store.listThingsInGroup(group.thingGroupName, recursive, page),
      (name) => name,
    );
    return nextToken === undefined ? { things: items } : { things: items, nextToken };
  }

  /** The groups a thing is in directly and their ancestors, each chain from its root down. */
  async withAncestors(thingName: string): Promise<GroupNameAndArn[]> {
    const groups = await this.ctx.store.groupsOfThing(thingName);
    return groups.flatMap((group) => [...group.ancestors, group.thingGroupName].map((name) => this.nameAndArn(name)));
  }

  private async get(thingGroupName: unknown): Promise<ThingGroupRecord> {
    const name = requireName('thingGroupName', thingGroupName);
    const group = await this.ctx.store.getThingGroup(name);
    if (group === undefined) throw notFound('Thing group', name);
    return group;
  }

  /** The ancestors of a new child of `parentGroupName`, after checking depth and the number of children. */
  private async childPlaceUnder(parentGroupName: string): Promise<string[]> {
    const parent = await this.get(parentGroupName);
    const ancestors = [...parent.ancestors, parent.thingGroupName];
    if (ancestors.length + 1 > REGISTRY_LIMITS.thingGroupDepth) {
      throw invalidRequest(`Thing group hierarchies are at most ${REGISTRY_LIMITS.thingGroupDepth} levels deep`);
    }
    if ((await this.ctx.store.countChildGroups(parentGroupName)) >= REGISTRY_LIMITS.childGroups) {
      throw invalidRequest(
        `Thing group ${parentGroupName} already has ${REGISTRY_LIMITS.childGroups} child groups, the most allowed`,
      );
    }
    return ancestors;
  }

  private membershipNames(input: ThingGroupMembershipInput): { thingGroupName: string; thingName: string } {
    return {
      thingGroupName: this.nameOrArn(
        input.thingGroupName,
        input.thingGroupArn,
        'thingGroupName',
        'thingGroupArn',
        'thinggroup',
      ),
      thingName: this.nameOrArn(input.thingName, input.thingArn, 'thingName', 'thingArn', 'thing'),
    };
  }

  private nameOrArn(
    name: unknown,
    arn: unknown,
    nameField: string,
    arnField: string,
    kind: 'thing' | 'thinggroup',
  ): string {
    const fromArn = arn === undefined ? undefined : requireName(arnField, this.nameInArn(arnField, arn, kind));
    if (name === undefined) {
      if (fromArn === undefined) throw invalidRequest(`${nameField} or ${arnField} is required`);
      return fromArn;
    }
    const checked = requireName(nameField, name);
    if (fromArn !== undefined && fromArn !== checked)
      throw invalidRequest(`${nameField} and ${arnField} name different resources`);
    return checked;
  }

  private nameInArn(field: string, arn: unknown, kind: 'thing' | 'thinggroup'): string {
    const name = this.ctx.arns.resourceName(kind, arn);
    if (name === undefined)
      throw invalidRequest(`${field} must be an ARN of the form ${this.ctx.arns.of(kind, '<name>')}`);
    return name;
  }

  private async membership(names: { thingGroupName: string; thingName: string }) {
    const group = await this.get(names.thingGroupName);
    const thing: ThingRecord = await this.things.get(names.thingName);
    return { group, thing };
  }

  private identity(group: ThingGroupRecord): CreateThingGroupOutput {
    return {
      thingGroupName: group.thingGroupName,
      thingGroupArn: this.ctx.arns.thingGroup(group.thingGroupName),
      thingGroupId: group.thingGroupId,
    };
  }

  private nameAndArn(name: string): GroupNameAndArn {
    return { groupName: name, groupArn: this.ctx.arns.thingGroup(name) };
  }
}
