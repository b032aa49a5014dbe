import { Type } from '@sinclair/typebox';

// Shapes several operations share. Only JSON types are checked here (and query text converted);
// the domain services check names, ranges and limits with AWS's own rules and messages.

/** `nextToken` / `maxResults` paging (registry, retained messages). */
export const NEXT_TOKEN_PAGING = {
  nextToken: Type.Optional(Type.String()),
  maxResults: Type.Optional(Type.Integer()),
};

/** `marker` / `pageSize` paging (policies). */
export const MARKER_PAGING = {
  marker: Type.Optional(Type.String()),
  pageSize: Type.Optional(Type.Integer()),
};

export const AttributePayload = Type.Object({
  attributes: Type.Optional(Type.Record(Type.String(), Type.String())),
  merge: Type.Optional(Type.Boolean()),
});

/** Accepted on create operations and not stored: the platform has no tagging. */
export const Tags = Type.Array(Type.Object({ Key: Type.String(), Value: Type.Optional(Type.String()) }));
