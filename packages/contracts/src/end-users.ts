import { type Static, Type } from '@sinclair/typebox';
import { RoleSchema } from './auth.js';

/*
 * Console API for accounts and end users: `/api/users`, `/api/invitations`, `/api/device-assignments`,
 * `/api/claim-codes` (admins), `/api/auth/signup` (an invitation's holder) and `/api/my/...` (end users).
 */

export const USERNAME_PATTERN = '^[a-zA-Z0-9_.@-]{3,64}$';
export const PASSWORD_MIN_LENGTH = 8;

const Username = Type.String({ pattern: USERNAME_PATTERN });
const Password = Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: 1024 });

// Users

export const UserSummarySchema = Type.Object({
  username: Type.String(),
  role: RoleSchema,
  disabled: Type.Boolean(),
  createdAt: Type.String(),
  /** Devices assigned to the user (end users only have any). */
  deviceCount: Type.Integer(),
});
export type UserSummary = Static<typeof UserSummarySchema>;

export const UserListSchema = Type.Object({ users: Type.Array(UserSummarySchema) });
export type UserList = Static<typeof UserListSchema>;

export const UsernameParamsSchema = Type.Object({ username: Type.String() });
export type UsernameParams = Static<typeof UsernameParamsSchema>;

export const CreateUserRequestSchema = Type.Object(
  { username: Username, password: Password, role: RoleSchema },
  { additionalProperties: false },
);
export type CreateUserRequest = Static<typeof CreateUserRequestSchema>;

export const UpdateUserRequestSchema = Type.Object({ disabled: Type.Boolean() }, { additionalProperties: false });
export type UpdateUserRequest = Static<typeof UpdateUserRequestSchema>;

// Invitations

export const CreateInvitationRequestSchema = Type.Object(
  {
    /** Hours the invitation stays usable; default 72. */
    expiresInHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720 })),
  },
  { additionalProperties: false },
);
export type CreateInvitationRequest = Static<typeof CreateInvitationRequestSchema>;

export const InvitationSchema = Type.Object({
  id: Type.Integer(),
  role: RoleSchema,
  createdBy: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.String(),
});
export type Invitation = Static<typeof InvitationSchema>;

/** The token is shown only in this answer; the platform keeps a hash of it. */
export const CreatedInvitationSchema = Type.Composite([
  InvitationSchema,
  Type.Object({ token: Type.String(), signupPath: Type.String() }),
]);
export type CreatedInvitation = Static<typeof CreatedInvitationSchema>;

export const InvitationListSchema = Type.Object({ invitations: Type.Array(InvitationSchema) });
export type InvitationList = Static<typeof InvitationListSchema>;

export const InvitationIdParamsSchema = Type.Object({ id: Type.Integer() });

export const SignupRequestSchema = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 256 }), username: Username, password: Password },
  { additionalProperties: false },
);
export type SignupRequest = Static<typeof SignupRequestSchema>;

// Device assignment and claim codes

export const DeviceAssignmentSchema = Type.Object({
  thingName: Type.String(),
  username: Type.String(),
  assignedAt: Type.String(),
});
export type DeviceAssignment = Static<typeof DeviceAssignmentSchema>;

export const DeviceAssignmentListSchema = Type.Object({ assignments: Type.Array(DeviceAssignmentSchema) });
export type DeviceAssignmentList = Static<typeof DeviceAssignmentListSchema>;

export const DeviceAssignmentQuerySchema = Type.Object({
  username: Type.Optional(Type.String()),
  thingName: Type.Optional(Type.String()),
});
export type DeviceAssignmentQuery = Static<typeof DeviceAssignmentQuerySchema>;

export const AssignDeviceRequestSchema = Type.Object({ username: Type.String() }, { additionalProperties: false });
export type AssignDeviceRequest = Static<typeof AssignDeviceRequestSchema>;

export const CreateClaimCodeRequestSchema = Type.Object(
  {
    thingName: Type.String({ minLength: 1, maxLength: 128 }),
    /** Hours the code stays usable; default 168 (a week). */
    expiresInHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 8760 })),
  },
  { additionalProperties: false },
);
export type CreateClaimCodeRequest = Static<typeof CreateClaimCodeRequestSchema>;

/** The code is shown only in this answer (to print for the device); the platform keeps a hash of it. */
export const ClaimCodeSchema = Type.Object({ thingName: Type.String(), code: Type.String(), expiresAt: Type.String() });
export type ClaimCode = Static<typeof ClaimCodeSchema>;

// My devices (end users)

export const ControlKindSchema = Type.Union([
  Type.Literal('switch'),
  Type.Literal('slider'),
  Type.Literal('number'),
  Type.Literal('select'),
  /** Shown, not changeable (strings without an enum hint, objects, arrays). */
  Type.Literal('readout'),
]);
export type ControlKind = Static<typeof ControlKindSchema>;

/** A control for one top-level shadow key; values come from the device's `desired`/`reported`. */
export const DeviceControlSchema = Type.Object({
  key: Type.String(),
  kind: ControlKindSchema,
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  step: Type.Optional(Type.Number()),
  options: Type.Optional(Type.Array(Type.String())),
});
export type DeviceControl = Static<typeof DeviceControlSchema>;

/**
 * `GET/PUT /api/thing-types/:thingTypeName/control-hints`: how the My devices page shows the shadow keys of
 * every thing of the type; a thing's own `control.<key>` attribute overrides its type's hint for that key.
 * Hints: `switch`, `number`, `hidden`, `enum:a,b,c`, `range:min..max` or `range:min..max:step`.
 * PUT replaces the whole set; the server checks each hint and answers 400 naming the first bad one.
 */
export const ThingTypeControlHintsSchema = Type.Object(
  { hints: Type.Record(Type.String(), Type.String()) },
  { additionalProperties: false },
);
export type ThingTypeControlHints = Static<typeof ThingTypeControlHintsSchema>;

/** A hinted key is a top-level shadow key that a thing attribute `control.<key>` (≤ 128 characters) can name too. */
export const CONTROL_HINT_KEY_PATTERN = '^[a-zA-Z0-9_.,@/:#-]{1,120}$';
export const MAX_CONTROL_HINTS = 50;
export const MAX_CONTROL_HINT_LENGTH = 800;
/** The forms of a hint, as the server names them when it refuses one. */
export const CONTROL_HINT_FORMS = 'switch, number, hidden, enum:a,b,c, range:min..max or range:min..max:step';

const StateObject = Type.Record(Type.String(), Type.Unknown());

export const MyDeviceSchema = Type.Object({
  thingName: Type.String(),
  thingTypeName: Type.Optional(Type.String()),
  online: Type.Boolean(),
  /** Classic shadow sections; empty when the device has no shadow yet. */
  desired: StateObject,
  reported: StateObject,
  /** Classic shadow version (0 without a shadow). */
  version: Type.Integer(),
  controls: Type.Array(DeviceControlSchema),
});
export type MyDevice = Static<typeof MyDeviceSchema>;

export const MyDeviceListSchema = Type.Object({ devices: Type.Array(MyDeviceSchema) });
export type MyDeviceList = Static<typeof MyDeviceListSchema>;

export const MyDeviceParamsSchema = Type.Object({ thingName: Type.String() });

/** Top-level keys of controls that can change, with a boolean, number or option value each. */
export const SetDesiredRequestSchema = Type.Object(
  {
    state: Type.Record(Type.String(), Type.Union([Type.Boolean(), Type.Number(), Type.String()]), {
      minProperties: 1,
      maxProperties: 32,
    }),
  },
  { additionalProperties: false },
);
export type SetDesiredRequest = Static<typeof SetDesiredRequestSchema>;

export const ClaimDeviceRequestSchema = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export type ClaimDeviceRequest = Static<typeof ClaimDeviceRequestSchema>;

export const MySettingsSchema = Type.Object({
  /** How long the page waits for `reported` to match a change before showing it as not confirmed. */
  confirmTimeoutMs: Type.Integer(),
});
export type MySettings = Static<typeof MySettingsSchema>;
