import { type Static, Type } from '@sinclair/typebox';

/** Body of every non-2xx answer of the console API (`/api/...`). */
export const ApiErrorSchema = Type.Object({
  code: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Unknown()),
});
export type ApiError = Static<typeof ApiErrorSchema>;
