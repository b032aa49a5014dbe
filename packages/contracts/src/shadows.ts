import { type Static, Type } from '@sinclair/typebox';

/*
 * Console API for device shadows (`/api/things/:thingName/shadows/...`). The documents are the
 * Device Shadow service's own (AWS IoT's shapes); refusals keep AWS's exception names as `code` and
 * AWS's texts as `message` (e.g. 409 `ConflictException` "Version conflict").
 */

/**
 * Stands for the classic (unnamed) shadow in console paths:
 * `/api/things/lamp-1/shadows/classic`. A named shadow called `classic` therefore cannot be reached
 * through the console API (the AWS-compatible data plane still reaches it with `?name=classic`).
 */
export const CLASSIC_SHADOW = 'classic';

/** A JSON object whose members the service checked; nested values are any JSON. */
const JsonObjectSchema = Type.Record(Type.String(), Type.Unknown());
export type ShadowJsonObject = Static<typeof JsonObjectSchema>;

/**
 * Per-leaf metadata mirroring the data: an object of metadata per object, an array per array, and
 * `{ "timestamp": <epoch seconds> }` for every leaf.
 */
const MetadataSchema = Type.Record(Type.String(), Type.Unknown());

export const ShadowThingParamsSchema = Type.Object({ thingName: Type.String() });
export type ShadowThingParams = Static<typeof ShadowThingParamsSchema>;

export const ShadowParamsSchema = Type.Object({ thingName: Type.String(), shadowName: Type.String() });
export type ShadowParams = Static<typeof ShadowParamsSchema>;

export const ShadowVersionParamsSchema = Type.Object({
  thingName: Type.String(),
  shadowName: Type.String(),
  version: Type.Integer({ minimum: 1 }),
});
export type ShadowVersionParams = Static<typeof ShadowVersionParamsSchema>;

/** `GET /api/things/:thingName/shadows`: the first page of named shadows unless `nextToken` is given. */
export const ShadowListQuerySchema = Type.Object({
  nextToken: Type.Optional(Type.String({ maxLength: 1024 })),
  /** 1–100 (the service's limit); default 25. */
  pageSize: Type.Optional(Type.Integer()),
});
export type ShadowListQuery = Static<typeof ShadowListQuerySchema>;

export const ShadowListSchema = Type.Object({
  /** Whether the classic shadow exists (has been updated and not deleted since). */
  classicExists: Type.Boolean(),
  /** Live named shadows in name order. */
  namedShadows: Type.Array(Type.String()),
  /** Present when more named shadows follow: pass it back as `nextToken`. */
  nextToken: Type.Optional(Type.String()),
});
export type ShadowList = Static<typeof ShadowListSchema>;

export const ShadowSectionsSchema = Type.Object({
  desired: Type.Optional(JsonObjectSchema),
  reported: Type.Optional(JsonObjectSchema),
});

export const ShadowMetadataSchema = Type.Object({
  desired: Type.Optional(MetadataSchema),
  reported: Type.Optional(MetadataSchema),
});

/**
 * `GET /api/things/:thingName/shadows/:shadowName` (AWS GetThingShadow): the whole document;
 * `state.delta` holds the desired leaves that reported lacks or differs on, absent when none.
 */
export const ShadowDocumentSchema = Type.Object({
  state: Type.Object({
    desired: Type.Optional(JsonObjectSchema),
    reported: Type.Optional(JsonObjectSchema),
    delta: Type.Optional(JsonObjectSchema),
  }),
  metadata: ShadowMetadataSchema,
  version: Type.Integer(),
  /** Epoch seconds the answer was made. */
  timestamp: Type.Integer(),
});
export type ShadowDocument = Static<typeof ShadowDocumentSchema>;

/**
 * Body of `POST /api/things/:thingName/shadows/:shadowName` (AWS UpdateThingShadow): merged into the
 * stored sections (`null` removes a key, arrays are replaced whole). With `version` the update is
 * refused with 409 unless the shadow still has that version. The service validates the body itself,
 * answering AWS's texts ("Invalid JSON", "Missing required node: state", …).
 */
export const ShadowUpdateRequestSchema = Type.Object({
  state: Type.Union([
    Type.Object({
      desired: Type.Optional(Type.Union([JsonObjectSchema, Type.Null()])),
      reported: Type.Optional(Type.Union([JsonObjectSchema, Type.Null()])),
    }),
    Type.Null(),
  ]),
  version: Type.Optional(Type.Integer({ minimum: 0 })),
  clientToken: Type.Optional(Type.String()),
});
export type ShadowUpdateRequest = Static<typeof ShadowUpdateRequestSchema>;

/** The answer to an update (AWS `/update/accepted`): what the request wrote, with the new version. */
export const ShadowUpdateAcceptedSchema = Type.Object({
  state: Type.Object({
    desired: Type.Optional(Type.Union([JsonObjectSchema, Type.Null()])),
    reported: Type.Optional(Type.Union([JsonObjectSchema, Type.Null()])),
  }),
  metadata: Type.Object({ desired: Type.Optional(Type.Unknown()), reported: Type.Optional(Type.Unknown()) }),
  version: Type.Integer(),
  timestamp: Type.Integer(),
  clientToken: Type.Optional(Type.String()),
});
export type ShadowUpdateAccepted = Static<typeof ShadowUpdateAcceptedSchema>;

/**
 * `details` of the 409 `ConflictException` answer to an update with a stale `version`: the shadow as
 * it is now (`null` when it no longer exists), so the editor can show what changed.
 */
export const ShadowConflictDetailsSchema = Type.Object({
  current: Type.Union([ShadowDocumentSchema, Type.Null()]),
});
export type ShadowConflictDetails = Static<typeof ShadowConflictDetailsSchema>;

/** `DELETE /api/things/:thingName/shadows/:shadowName`: the version the shadow had when deleted. */
export const ShadowDeletedSchema = Type.Object({ version: Type.Integer(), timestamp: Type.Integer() });
export type ShadowDeleted = Static<typeof ShadowDeletedSchema>;

/** `GET .../shadows/:shadowName/versions`: kept versions, newest first (the history is bounded). */
export const ShadowVersionsQuerySchema = Type.Object({
  /** Only versions below this one (the next page). */
  beforeVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  /** 1–100; default 25. */
  limit: Type.Optional(Type.Integer()),
});
export type ShadowVersionsQuery = Static<typeof ShadowVersionsQuerySchema>;

export const ShadowVersionSummarySchema = Type.Object({
  version: Type.Integer(),
  /** Epoch seconds of the update that made this version. */
  timestamp: Type.Integer(),
});
export type ShadowVersionSummary = Static<typeof ShadowVersionSummarySchema>;

export const ShadowVersionListSchema = Type.Object({
  versions: Type.Array(ShadowVersionSummarySchema),
  /** Present when the page was full: pass it as `beforeVersion` for older versions. */
  nextBeforeVersion: Type.Optional(Type.Integer()),
});
export type ShadowVersionList = Static<typeof ShadowVersionListSchema>;

/** `GET .../shadows/:shadowName/versions/:version`: one kept version as it was stored. */
export const ShadowVersionDocumentSchema = Type.Object({
  state: ShadowSectionsSchema,
  metadata: ShadowMetadataSchema,
  version: Type.Integer(),
  /** Epoch seconds of the update that made this version. */
  timestamp: Type.Integer(),
});
export type ShadowVersionDocument = Static<typeof ShadowVersionDocumentSchema>;
