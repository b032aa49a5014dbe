import { type Static, Type } from '@sinclair/typebox';
import { CertificateStatusSchema } from './certificates.js';
import { ClientTransportSchema, MqttVersionSchema } from './clients.js';

/*
 * Console API for the thing registry (`/api/things`, `/api/thing-types`, `/api/thing-groups`).
 * Names, attributes and limits are checked by the registry itself, which answers 400 with the rule that
 * was broken (e.g. "thingName must be 1-128 characters of ..."), so these schemas only fix the shapes.
 */

/** Thing and thing group attributes: name → value (AWS: ≤ 3 without a thing type, ≤ 50 with one). */
export const ThingAttributesSchema = Type.Record(Type.String(), Type.String());
export type ThingAttributes = Static<typeof ThingAttributesSchema>;

const PagingQuery = {
  nextToken: Type.Optional(Type.String({ maxLength: 1024 })),
  /** 1–250; default 50. */
  maxResults: Type.Optional(Type.Integer()),
};

const NextToken = {
  /** Present when another page follows: pass it back as `nextToken`. */
  nextToken: Type.Optional(Type.String()),
};

// Things

export const ThingNameParamsSchema = Type.Object({ thingName: Type.String() });
export type ThingNameParams = Static<typeof ThingNameParamsSchema>;

/**
 * `GET /api/things`. `q` is the search text: words match thing names (`kitchen*` = prefix), and
 * `attributes.color:red`, `attributes.color:re*`, `thingTypeName:Lamp`, `thingGroupNames:floor-1` filter.
 */
export const ThingListQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 2048 })),
  thingTypeName: Type.Optional(Type.String()),
  ...PagingQuery,
});
export type ThingListQuery = Static<typeof ThingListQuerySchema>;

export const ThingSummarySchema = Type.Object({
  thingName: Type.String(),
  thingTypeName: Type.Optional(Type.String()),
  attributes: ThingAttributesSchema,
  version: Type.Integer(),
});
export type ThingSummary = Static<typeof ThingSummarySchema>;

/** Things in name order. */
export const ThingListSchema = Type.Object({ things: Type.Array(ThingSummarySchema), ...NextToken });
export type ThingList = Static<typeof ThingListSchema>;

export const CreateThingRequestSchema = Type.Object(
  {
    thingName: Type.String(),
    thingTypeName: Type.Optional(Type.String()),
    attributes: Type.Optional(ThingAttributesSchema),
  },
  { additionalProperties: false },
);
export type CreateThingRequest = Static<typeof CreateThingRequestSchema>;

export const CreatedThingSchema = Type.Object({
  thingName: Type.String(),
  thingArn: Type.String(),
  thingId: Type.String(),
});
export type CreatedThing = Static<typeof CreatedThingSchema>;

/**
 * `PATCH /api/things/:thingName`. `attributes` replaces the map, or with `merge` overlays it (an attribute
 * set to `""` is removed). `expectedVersion` refuses the change with 409 VersionConflictException when the
 * thing was changed since that version was read.
 */
export const UpdateThingRequestSchema = Type.Object(
  {
    attributes: Type.Optional(ThingAttributesSchema),
    merge: Type.Optional(Type.Boolean()),
    thingTypeName: Type.Optional(Type.String()),
    removeThingType: Type.Optional(Type.Boolean()),
    expectedVersion: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);
export type UpdateThingRequest = Static<typeof UpdateThingRequestSchema>;

export const ExpectedVersionQuerySchema = Type.Object({ expectedVersion: Type.Optional(Type.Integer()) });
export type ExpectedVersionQuery = Static<typeof ExpectedVersionQuerySchema>;

export const ThingGroupRefSchema = Type.Object({ groupName: Type.String(), groupArn: Type.String() });
export type ThingGroupRef = Static<typeof ThingGroupRefSchema>;

/** A certificate attached to a thing (a principal of the thing). */
export const ThingCertificateSchema = Type.Object({
  certificateId: Type.String(),
  certificateArn: Type.String(),
  /** Absent when the certificate no longer exists. */
  status: Type.Optional(CertificateStatusSchema),
});
export type ThingCertificate = Static<typeof ThingCertificateSchema>;

/**
 * The MQTT connection of the thing's device: the client whose id is the thing name (AWS's convention).
 * The `last…` fields come from presence events seen since the server started.
 */
export const ThingConnectionSchema = Type.Object({
  clientId: Type.String(),
  connected: Type.Boolean(),
  /** While connected: */
  connectedAt: Type.Optional(Type.String({ format: 'date-time' })),
  protocolVersion: Type.Optional(MqttVersionSchema),
  transport: Type.Optional(ClientTransportSchema),
  remoteAddress: Type.Optional(Type.String()),
  /** Id of the certificate the client connected with (attached to the thing or not). */
  certificateId: Type.Optional(Type.String()),
  lastConnectedAt: Type.Optional(Type.String({ format: 'date-time' })),
  lastDisconnectedAt: Type.Optional(Type.String({ format: 'date-time' })),
  lastDisconnectReason: Type.Optional(Type.String()),
});
export type ThingConnection = Static<typeof ThingConnectionSchema>;

/** `GET /api/things/:thingName`: the thing with its groups, certificates and connection. */
export const ThingDetailSchema = Type.Object({
  thingName: Type.String(),
  thingId: Type.String(),
  thingArn: Type.String(),
  thingTypeName: Type.Optional(Type.String()),
  attributes: ThingAttributesSchema,
  version: Type.Integer(),
  /** Groups the thing is a direct member of. */
  groups: Type.Array(ThingGroupRefSchema),
  certificates: Type.Array(ThingCertificateSchema),
  connection: ThingConnectionSchema,
});
export type ThingDetail = Static<typeof ThingDetailSchema>;

export const ThingCertificateParamsSchema = Type.Object({ thingName: Type.String(), certificateId: Type.String() });
export type ThingCertificateParams = Static<typeof ThingCertificateParamsSchema>;

/** `PUT /api/things/:thingName/certificates/:certificateId?exclusive=true`: the certificate may serve only this thing. */
export const AttachCertificateQuerySchema = Type.Object({ exclusive: Type.Optional(Type.Boolean()) });
export type AttachCertificateQuery = Static<typeof AttachCertificateQuerySchema>;

// Thing types

export const ThingTypeNameParamsSchema = Type.Object({ thingTypeName: Type.String() });
export type ThingTypeNameParams = Static<typeof ThingTypeNameParamsSchema>;

export const ThingTypeListQuerySchema = Type.Object({ ...PagingQuery });
export type ThingTypeListQuery = Static<typeof ThingTypeListQuerySchema>;

export const ThingTypeSummarySchema = Type.Object({
  thingTypeName: Type.String(),
  description: Type.Optional(Type.String()),
  searchableAttributes: Type.Array(Type.String()),
  /** Deprecated types stay on their things but cannot be given to more. */
  deprecated: Type.Boolean(),
  deprecatedAt: Type.Optional(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
});
export type ThingTypeSummary = Static<typeof ThingTypeSummarySchema>;

export const ThingTypeListSchema = Type.Object({ thingTypes: Type.Array(ThingTypeSummarySchema), ...NextToken });
export type ThingTypeList = Static<typeof ThingTypeListSchema>;

/** Thing types cannot be changed after creation (only deprecated). */
export const CreateThingTypeRequestSchema = Type.Object(
  {
    thingTypeName: Type.String(),
    description: Type.Optional(Type.String()),
    /** At most 3 attribute names. */
    searchableAttributes: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);
export type CreateThingTypeRequest = Static<typeof CreateThingTypeRequestSchema>;

export const CreatedThingTypeSchema = Type.Object({
  thingTypeName: Type.String(),
  thingTypeArn: Type.String(),
  thingTypeId: Type.String(),
});
export type CreatedThingType = Static<typeof CreatedThingTypeSchema>;

// Thing groups

export const ThingGroupNameParamsSchema = Type.Object({ groupName: Type.String() });
export type ThingGroupNameParams = Static<typeof ThingGroupNameParamsSchema>;

/** `GET /api/thing-groups`: every group, or the children (`recursive`: all descendants) of `parentGroup`. */
export const ThingGroupListQuerySchema = Type.Object({
  parentGroup: Type.Optional(Type.String()),
  recursive: Type.Optional(Type.Boolean()),
  namePrefix: Type.Optional(Type.String()),
  ...PagingQuery,
});
export type ThingGroupListQuery = Static<typeof ThingGroupListQuerySchema>;

export const ThingGroupSummarySchema = Type.Object({
  groupName: Type.String(),
  parentGroupName: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
});
export type ThingGroupSummary = Static<typeof ThingGroupSummarySchema>;

export const ThingGroupListSchema = Type.Object({ thingGroups: Type.Array(ThingGroupSummarySchema), ...NextToken });
export type ThingGroupList = Static<typeof ThingGroupListSchema>;

/** The parent is fixed at creation. */
export const CreateThingGroupRequestSchema = Type.Object(
  {
    thingGroupName: Type.String(),
    parentGroupName: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    attributes: Type.Optional(ThingAttributesSchema),
  },
  { additionalProperties: false },
);
export type CreateThingGroupRequest = Static<typeof CreateThingGroupRequestSchema>;

export const CreatedThingGroupSchema = Type.Object({
  groupName: Type.String(),
  groupArn: Type.String(),
  groupId: Type.String(),
});
export type CreatedThingGroup = Static<typeof CreatedThingGroupSchema>;

export const ThingGroupDetailSchema = Type.Object({
  groupName: Type.String(),
  groupArn: Type.String(),
  groupId: Type.String(),
  version: Type.Integer(),
  description: Type.Optional(Type.String()),
  attributes: ThingAttributesSchema,
  parentGroupName: Type.Optional(Type.String()),
  /** From the root group down to the parent; empty for a root group. */
  ancestors: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});
export type ThingGroupDetail = Static<typeof ThingGroupDetailSchema>;

/** `GET /api/thing-groups/:groupName/things`; `recursive` adds the members of descendant groups. */
export const ThingGroupThingsQuerySchema = Type.Object({
  recursive: Type.Optional(Type.Boolean()),
  ...PagingQuery,
});
export type ThingGroupThingsQuery = Static<typeof ThingGroupThingsQuerySchema>;

export const ThingNameListSchema = Type.Object({ things: Type.Array(Type.String()), ...NextToken });
export type ThingNameList = Static<typeof ThingNameListSchema>;

export const ThingGroupMemberParamsSchema = Type.Object({ groupName: Type.String(), thingName: Type.String() });
export type ThingGroupMemberParams = Static<typeof ThingGroupMemberParamsSchema>;
