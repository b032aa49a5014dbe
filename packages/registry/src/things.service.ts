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
  requireAttributeName,
  requireAttributeValue,
  requireName,
  requireVersion,
  sameAttributes,
} from './registry.rules.js';
import type { Attributes, ThingFilter, ThingRecord } from './registry.store.js';
import type {
  CreateThingInput,
  CreateThingOutput,
  DeleteThingInput,
  DescribeThingOutput,
  ListThingsInput,
  ListThingsOutput,
  SearchThingsInput,
  ThingAttribute,
  UpdateThingInput,
} from './registry.types.js';
import type { RegistryContext } from './registry-context.js';
import { parseThingSearch } from './thing-search.js';

const optionalName = (field: string, value: unknown) => (value === undefined ? undefined : requireName(field, value));

function checkThingAttributeCount(attributes: Attributes, thingTypeName: string | undefined): void {
  if (thingTypeName === undefined) {
    checkAttributeCount(attributes, REGISTRY_LIMITS.attributesWithoutThingType, 'A thing without a thing type');
  } else {
    checkAttributeCount(attributes, REGISTRY_LIMITS.attributesWithThingType, 'A thing with a thing type');
  }
}

function thingRecord(fields: ThingRecord): ThingRecord {
  const { thingTypeName, ...rest } = fields;
  return thingTypeName === undefined ? rest : { ...rest, thingTypeName };
}

/** Things: CreateThing, DescribeThing, ListThings, UpdateThing, DeleteThing and the console search. */
export class ThingsService {
  constructor(private readonly ctx: RegistryContext) {}

  async create(input: CreateThingInput): Promise<CreateThingOutput> {
    const thingName = requireName('thingName', input.thingName);
    const thingTypeName = optionalName('thingTypeName', input.thingTypeName);
    const attributes = initialAttributes(input.attributePayload);
    checkThingAttributeCount(attributes, thingTypeName);
    return this.ctx.writes.run(async () => {
      const existing = await this.ctx.store.getThing(thingName);
      if (existing !== undefined) {
        // CreateThing is idempotent only for an identical configuration.
        if (existing.thingTypeName === thingTypeName && sameAttributes(existing.attributes, attributes)) {
          return this.identity(existing);
        }
        throw new DomainError(
          'ResourceAlreadyExistsException',
          `Thing ${thingName} already exists with a different configuration`,
          { resourceId: existing.thingId, resourceArn: this.ctx.arns.thing(thingName) },
        );
      }
      if (input.billingGroupName !== undefined) {
        // No billing groups exist on this platform, so every name is unknown.
        throw notFound('Billing group', String(input.billingGroupName));
      }
      if (thingTypeName !== undefined) await this.requireAssignableType(thingTypeName);
      const thing = thingRecord({ thingName, thingId: this.ctx.newId(), thingTypeName, attributes, version: 1 });
      await this.ctx.store.insertThing(thing);
      return this.identity(thing);
    });
  }

  async describe(input: { thingName: string }): Promise<DescribeThingOutput> {
    const thing = await this.get(input.thingName);
    const output: DescribeThingOutput = {
      defaultClientId: thing.thingName,
      thingName: thing.thingName,
      thingId: thing.thingId,
      thingArn: this.ctx.arns.thing(thing.thingName),
      attributes: thing.attributes,
      version: thing.version,
    };
    if (thing.thingTypeName !== undefined) output.thingTypeName = thing.thingTypeName;
    return output;
  }

  /** ListThings: by attribute (exact value or prefix; a name alone means "has the attribute") and type. */
  async list(input: ListThingsInput): Promise<ListThingsOutput> {
    const filter: ThingFilter = {};
    if (input.attributeValue !== undefined && input.attributeName === undefined) {
      throw invalidRequest('attributeValue needs attributeName');
    }
    if (input.attributeName !== undefined) {
      const name = requireAttributeName('attributeName', input.attributeName);
      const prefix = optionalBoolean('usePrefixAttributeValue', input.usePrefixAttributeValue);
      filter.attributes = [
        input.attributeValue === undefined
          ? { name }
          : { name, value: requireAttributeValue('attributeValue', input.attributeValue), prefix },
      ];
    }
    if (input.thingTypeName !== undefined) filter.thingTypeName = requireName('thingTypeName', input.thingTypeName);
    return this.page(filter, input);
  }

  /** The console's free-text search (see `parseThingSearch`), answered like ListThings. */
  async search(input: SearchThingsInput): Promise<ListThingsOutput> {
    return this.page(parseThingSearch(input.query), input);
  }

  async update(input: UpdateThingInput): Promise<Record<string, never>> {
    const thingName = requireName('thingName', input.thingName);
    const removeThingType = optionalBoolean('removeThingType', input.removeThingType);
    const requestedType = optionalName('thingTypeName', input.thingTypeName);
    if (removeThingType && requestedType !== undefined) {
      throw invalidRequest('removeThingType cannot be combined with thingTypeName');
    }
    const expectedVersion = optionalVersion('expectedVersion', input.expectedVersion);
    return this.ctx.writes.run(async () => {
      const current = await this.get(thingName);
      requireVersion('Thing', thingName, current.version, expectedVersion);
      const thingTypeName = removeThingType ? undefined : (requestedType ?? current.thingTypeName);
      // A thing keeps a type that was deprecated after it was assigned; only a new association is refused.
      if (thingTypeName !== undefined && thingTypeName !== current.thingTypeName) {
        await this.requireAssignableType(thingTypeName);
      }
      const attributes = applyAttributePayload(current.attributes, input.attributePayload);
      checkThingAttributeCount(attributes, thingTypeName);
      await this.ctx.store.updateThing(
        thingRecord({ ...current, thingTypeName, attributes, version: current.version + 1 }),
      );
      if (thingTypeName !== current.thingTypeName || !sameAttributes(attributes, current.attributes)) {
        this.ctx.changes.emit({ type: 'thing-updated', thingName });
      }
      return {};
    });
  }

  /** Succeeds for a thing that does not exist; refused while principals are attached. */
  async delete(input: DeleteThingInput): Promise<Record<string, never>> {
    const thingName = requireName('thingName', input.thingName);
    const expectedVersion = optionalVersion('expectedVersion', input.expectedVersion);
    return this.ctx.writes.run(async () => {
      const current = await this.ctx.store.getThing(thingName);
      if (current === undefined) return {};
      requireVersion('Thing', thingName, current.version, expectedVersion);
      if ((await this.ctx.store.principalsOfThing(thingName, { limit: 1 })).length > 0) {
        throw invalidRequest(`Thing ${thingName} still has principals attached; detach them before deleting it`);
      }
      await this.ctx.store.deleteThing(thingName);
      this.ctx.changes.emit({ type: 'thing-deleted', thingName });
      return {};
    });
  }

  /** The stored thing, or ResourceNotFoundException. */
  async get(thingName: unknown): Promise<ThingRecord> {
    const name = requireName('thingName', thingName);
    const thing = await this.ctx.store.getThing(name);
    if (thing === undefined) throw notFound('Thing', name);
    return thing;
  }

  private async requireAssignableType(thingTypeName: string): Promise<void> {
    const thingType = await this.ctx.store.getThingType(thingTypeName);
    if (thingType === undefined) throw notFound('Thing type', thingTypeName);
    if (thingType.deprecated) {
      throw invalidRequest(`Thing type ${thingTypeName} is deprecated and cannot be associated with things`);
    }
  }

  private identity(thing: ThingRecord): CreateThingOutput {
    return { thingName: thing.thingName, thingArn: this.ctx.arns.thing(thing.thingName), thingId: thing.thingId };
  }

  private async page(filter: ThingFilter, input: ListThingsInput | SearchThingsInput): Promise<ListThingsOutput> {
    const { items, nextToken } = await fetchPage(
      pageOf(input),
      (page) => this.ctx.store.listThings(filter, page),
      (thing) => thing.thingName,
    );
    const things = items.map((thing): ThingAttribute => {
      const item: ThingAttribute = {
        thingName: thing.thingName,
        thingArn: this.ctx.arns.thing(thing.thingName),
        attributes: thing.attributes,
        version: thing.version,
      };
      if (thing.thingTypeName !== undefined) item.thingTypeName = thing.thingTypeName;
      return item;
    });
    return nextToken === undefined ? { things } : { things, nextToken };
  }
}
