import { DomainError } from '@meridian/contracts';
import { fetchPage, pageOf } from './paging.js';
import {
  invalidRequest,
  notFound,
  optionalBoolean,
  REGISTRY_LIMITS,
  requireAttributeName,
  requireDescription,
  requireName,
} from './registry.rules.js';
import type { PropagatingAttribute, ThingTypeProperties, ThingTypeRecord } from './registry.store.js';
import type {
  CreateThingTypeInput,
  CreateThingTypeOutput,
  DeprecateThingTypeInput,
  DescribeThingTypeOutput,
  ListThingTypesInput,
  ListThingTypesOutput,
  ThingTypeDefinition,
  ThingTypeMetadata,
} from './registry.types.js';
import { epochSeconds, type RegistryContext } from './registry-context.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function optionalString(field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > REGISTRY_LIMITS.nameLength) {
    throw invalidRequest(`${field} must be a string of at most ${REGISTRY_LIMITS.nameLength} characters`);
  }
  return value;
}

function propagatingAttribute(value: unknown): PropagatingAttribute {
  if (!isObject(value)) throw invalidRequest('propagatingAttributes must be a list of objects');
  const fields = {
    userPropertyKey: optionalString('userPropertyKey', value.userPropertyKey),
    thingAttribute: optionalString('thingAttribute', value.thingAttribute),
    connectionAttribute: optionalString('connectionAttribute', value.connectionAttribute),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, field]) => field !== undefined));
}

/** Validated properties holding only the members AWS defines. */
function checkProperties(value: unknown): ThingTypeProperties {
  if (value === undefined) return {};
  if (!isObject(value)) throw invalidRequest('thingTypeProperties must be an object');
  const properties: ThingTypeProperties = {};
  if (value.thingTypeDescription !== undefined) {
    properties.thingTypeDescription = requireDescription('thingTypeDescription', value.thingTypeDescription);
  }
  if (value.searchableAttributes !== undefined) {
    const names = value.searchableAttributes;
    if (!Array.isArray(names)) throw invalidRequest('searchableAttributes must be a list of attribute names');
    if (names.length > REGISTRY_LIMITS.searchableAttributes) {
      throw invalidRequest(
        `A thing type can have at most ${REGISTRY_LIMITS.searchableAttributes} searchable attributes`,
      );
    }
    properties.searchableAttributes = names.map((name) => requireAttributeName('searchable attribute', name));
  }
  if (value.mqtt5Configuration !== undefined) {
    const configuration = value.mqtt5Configuration;
    if (!isObject(configuration)) throw invalidRequest('mqtt5Configuration must be an object');
    const attributes = configuration.propagatingAttributes;
    if (attributes !== undefined && !Array.isArray(attributes)) {
      throw invalidRequest('propagatingAttributes must be a list of objects');
    }
    properties.mqtt5Configuration =
      attributes === undefined ? {} : { propagatingAttributes: attributes.map(propagatingAttribute) };
  }
  return properties;
}

const sameProperties = (a: ThingTypeProperties, b: ThingTypeProperties) => JSON.stringify(a) === JSON.stringify(b);

/** Thing types: create (immutable properties), describe, list, deprecate / undo, delete. */
export class ThingTypesService {
  constructor(private readonly ctx: RegistryContext) {}

  async create(input: CreateThingTypeInput): Promise<CreateThingTypeOutput> {
    const thingTypeName = requireName('thingTypeName', input.thingTypeName);
    const thingTypeProperties = checkProperties(input.thingTypeProperties);
    return this.ctx.writes.run(async () => {
      const existing = await this.ctx.store.getThingType(thingTypeName);
      if (existing !== undefined) {
        if (sameProperties(existing.thingTypeProperties, thingTypeProperties)) return this.identity(existing);
        throw new DomainError(
          'ResourceAlreadyExistsException',
          `Thing type ${thingTypeName} already exists with different properties (they cannot be changed)`,
          { resourceId: existing.thingTypeId, resourceArn: this.ctx.arns.thingType(thingTypeName) },
        );
      }
      const thingType: ThingTypeRecord = {
        thingTypeName,
        thingTypeId: this.ctx.newId(),
        thingTypeProperties,
        deprecated: false,
        creationDate: this.ctx.now(),
      };
      await this.ctx.store.insertThingType(thingType);
      return this.identity(thingType);
    });
  }

  async describe(input: { thingTypeName: string }): Promise<DescribeThingTypeOutput> {
    const thingType = await this.get(input.thingTypeName);
    return { ...this.definition(thingType), thingTypeId: thingType.thingTypeId };
  }

  async list(input: ListThingTypesInput): Promise<ListThingTypesOutput> {
    const filter =
      input.thingTypeName === undefined ? {} : { thingTypeName: requireName('thingTypeName', input.thingTypeName) };
    const { items, nextToken } = await fetchPage(
      pageOf(input),
      (page) => this.ctx.store.listThingTypes(filter, page),
      (thingType) => thingType.thingTypeName,
    );
    const thingTypes = items.map((thingType) => this.definition(thingType));
    return nextToken === undefined ? { thingTypes } : { thingTypes, nextToken };
  }

  /** Deprecating keeps the first deprecation date; `undoDeprecate` makes the type assignable again. */
  async deprecate(input: DeprecateThingTypeInput): Promise<Record<string, never>> {
    const undo = optionalBoolean('undoDeprecate', input.undoDeprecate);
    return this.ctx.writes.run(async () => {
      const thingType = await this.get(input.thingTypeName);
      if (undo) {
        const { deprecationDate: _, ...rest } = thingType;
        await this.ctx.store.updateThingType({ ...rest, deprecated: false });
      } else if (!thingType.deprecated) {
        await this.ctx.store.updateThingType({ ...thingType, deprecated: true, deprecationDate: this.ctx.now() });
      }
      return {};
    });
  }

  /** Only a deprecated type that no thing uses can be deleted. */
  async delete(input: { thingTypeName: string }): Promise<Record<string, never>> {
    return this.ctx.writes.run(async () => {
      const thingType = await this.get(input.thingTypeName);
      const name = thingType.thingTypeName;
      if (!thingType.deprecated) throw invalidRequest(`Thing type ${name} must be deprecated before it is deleted`);
      if (await this.ctx.store.thingTypeInUse(name)) {
        throw invalidRequest(`Thing type ${name} is still used by things; change their type first`);
      }
      await this.ctx.store.deleteThingType(name);
      return {};
    });
  }

  private async get(thingTypeName: unknown): Promise<ThingTypeRecord> {
    const name = requireName('thingTypeName', thingTypeName);
    const thingType = await this.ctx.store.getThingType(name);
    if (thingType === undefined) throw notFound('Thing type', name);
    return thingType;
  }

  private identity(thingType: ThingTypeRecord): CreateThingTypeOutput {
    return {
      thingTypeName: thingType.thingTypeName,
      thingTypeArn: this.ctx.arns.thingType(thingType.thingTypeName),
      thingTypeId: thingType.thingTypeId,
    };
  }

  private definition(thingType: ThingTypeRecord): ThingTypeDefinition {
    const metadata: ThingTypeMetadata = {
      deprecated: thingType.deprecated,
      creationDate: epochSeconds(thingType.creationDate),
    };
    if (thingType.deprecationDate !== undefined) metadata.deprecationDate = epochSeconds(thingType.deprecationDate);
    return {
      thingTypeName: thingType.thingTypeName,
      thingTypeArn: this.ctx.arns.thingType(thingType.thingTypeName),
      thingTypeProperties: thingType.thingTypeProperties,
      thingTypeMetadata: metadata,
    };
  }
}
