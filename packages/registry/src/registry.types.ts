/**
 * Inputs and outputs of the registry operations, shaped like AWS IoT's control-plane JSON (same member
 * names; dates in epoch seconds) so an AWS-compatible route only moves path, query and header values into
 * the input and sends the output as the body.
 */
import type { Attributes, ThingPrincipalType, ThingTypeProperties } from './registry.store.js';

export interface AttributePayload {
  attributes?: Attributes;
  /** UpdateThing / UpdateThingGroup only: merge into the stored map, `""` removing an attribute. */
  merge?: boolean;
}

export interface Tag {
  Key: string;
  Value?: string;
}

export interface Paging {
  nextToken?: string;
  /** 1–250. */
  maxResults?: number;
}

export interface NextToken {
  nextToken?: string;
}

// Things

export interface CreateThingInput {
  thingName: string;
  thingTypeName?: string;
  attributePayload?: AttributePayload;
  billingGroupName?: string;
}

export interface CreateThingOutput {
  thingName: string;
  thingArn: string;
  thingId: string;
}

export interface DescribeThingOutput {
  defaultClientId: string;
  thingName: string;
  thingId: string;
  thingArn: string;
  thingTypeName?: string;
  attributes: Attributes;
  version: number;
}

export interface ListThingsInput extends Paging {
  attributeName?: string;
  attributeValue?: string;
  usePrefixAttributeValue?: boolean;
  thingTypeName?: string;
}

export interface ThingAttribute {
  thingName: string;
  thingTypeName?: string;
  thingArn: string;
  attributes: Attributes;
  version: number;
}

export interface ListThingsOutput extends NextToken {
  things: ThingAttribute[];
}

export interface SearchThingsInput extends Paging {
  /** Console search text; see `parseThingSearch`. */
  query: string;
}

export interface UpdateThingInput {
  thingName: string;
  thingTypeName?: string;
  attributePayload?: AttributePayload;
  expectedVersion?: number;
  removeThingType?: boolean;
}

export interface DeleteThingInput {
  thingName: string;
  expectedVersion?: number;
}

// Thing types

export interface CreateThingTypeInput {
  thingTypeName: string;
  thingTypeProperties?: ThingTypeProperties;
  /** Accepted and not stored: the platform has no tagging. */
  tags?: Tag[];
}

export interface CreateThingTypeOutput {
  thingTypeName: string;
  thingTypeArn: string;
  thingTypeId: string;
}

export interface ThingTypeMetadata {
  deprecated: boolean;
  deprecationDate?: number;
  creationDate: number;
}

export interface DescribeThingTypeOutput {
  thingTypeName: string;
  thingTypeId: string;
  thingTypeArn: string;
  thingTypeProperties: ThingTypeProperties;
  thingTypeMetadata: ThingTypeMetadata;
}

export interface ThingTypeDefinition {
  thingTypeName: string;
  thingTypeArn: string;
  thingTypeProperties: ThingTypeProperties;
  thingTypeMetadata: ThingTypeMetadata;
}

export interface ListThingTypesInput extends Paging {
  thingTypeName?: string;
}

export interface ListThingTypesOutput extends NextToken {
  thingTypes: ThingTypeDefinition[];
}

export interface DeprecateThingTypeInput {
  thingTypeName: string;
  undoDeprecate?: boolean;
}

// Thing groups

export interface ThingGroupProperties {
  thingGroupDescription?: string;
  attributePayload?: AttributePayload;
}

export interface CreateThingGroupInput {
  thingGroupName: string;
  parentGroupName?: string;
  thingGroupProperties?: ThingGroupProperties;
  /** Accepted and not stored: the platform has no tagging. */
  tags?: Tag[];
}

export interface CreateThingGroupOutput {
  thingGroupName: string;
  thingGroupArn: string;
  thingGroupId: string;
}

export interface GroupNameAndArn {
  groupName: string;
  groupArn: string;
}

export interface DescribeThingGroupOutput {
  thingGroupName: string;
  thingGroupId: string;
  thingGroupArn: string;
  version: number;
  thingGroupProperties: { thingGroupDescription?: string; attributePayload: { attributes: Attributes } };
  thingGroupMetadata: {
    parentGroupName?: string;
    rootToParentThingGroups?: GroupNameAndArn[];
    creationDate: number;
  };
}

export interface UpdateThingGroupInput {
  thingGroupName: string;
  thingGroupProperties: ThingGroupProperties;
  expectedVersion?: number;
}

export interface UpdateThingGroupOutput {
  version: number;
}

export interface DeleteThingGroupInput {
  thingGroupName: string;
  expectedVersion?: number;
}

export interface ListThingGroupsInput extends Paging {
  parentGroup?: string;
  namePrefixFilter?: string;
  recursive?: boolean;
}

export interface ListThingGroupsOutput extends NextToken {
  thingGroups: GroupNameAndArn[];
}

export interface ListThingGroupsForThingInput extends Paging {
  thingName: string;
}

/** A group and a thing, each by name or by ARN. */
export interface ThingGroupMembershipInput {
  thingGroupName?: string;
  thingGroupArn?: string;
  thingName?: string;
  thingArn?: string;
  /** Accepted and ignored: the platform has only static groups. */
  overrideDynamicGroups?: boolean;
}

export interface ListThingsInThingGroupInput extends Paging {
  thingGroupName: string;
  recursive?: boolean;
}

export interface ThingNamesOutput extends NextToken {
  things: string[];
}

// Principals

export interface AttachThingPrincipalInput {
  thingName: string;
  principal: string;
  thingPrincipalType?: ThingPrincipalType;
}

export interface DetachThingPrincipalInput {
  thingName: string;
  principal: string;
}

export interface ListThingPrincipalsInput extends Paging {
  thingName: string;
}

export interface ListThingPrincipalsOutput extends NextToken {
  principals: string[];
}

export interface ListPrincipalThingsInput extends Paging {
  principal: string;
}

// Lookups at connect time

/** The thing behind `iot:Connection.Thing.*` policy variables. */
export interface ConnectionThing {
  name: string;
  typeName?: string;
  attributes: Attributes;
}
