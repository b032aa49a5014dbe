import { computeDelta } from './shadow.delta.js';
import {
  type DeltaDocument,
  type DocumentsDocument,
  type ShadowDocument,
  snapshotOf,
  type UpdateAcceptedDocument,
  withClientToken,
} from './shadow.document.js';
import { shadowError } from './shadow.errors.js';
import type { ShadowLimits } from './shadow.limits.js';
import { mergeSection } from './shadow.merge.js';
import { type MetadataNode, metadataOf } from './shadow.metadata.js';
import type { UpdateRequest } from './shadow.request.js';
import type { SerializedShadow } from './shadow.store.js';

/** The last version of a deleted shadow, kept so that a re-created shadow continues from it. */
export interface Tombstone {
  version: number;
  /** Epoch seconds. */
  deletedAt: number;
}

/**
 * The version an update must name (and the one the next version follows): the live shadow's
 * version; for a shadow deleted less than `retentionSeconds` ago its last version (AWS keeps it
 * 48 h); otherwise 0, so that a new shadow starts at version 1.
 */
export function currentVersion(
  shadow: ShadowDocument | undefined,
  tombstone: Tombstone | undefined,
  now: number,
  retentionSeconds: number,
): number {
  if (shadow !== undefined) return shadow.version;
  if (tombstone !== undefined && now - tombstone.deletedAt < retentionSeconds) return tombstone.version;
  return 0;
}

export interface UpdateOutcome {
  /** The shadow to store. */
  document: ShadowDocument;
  /** Its JSON text. */
  serialized: SerializedShadow;
  accepted: UpdateAcceptedDocument;
  documents: DocumentsDocument;
  /** Present when the update wrote `desired` and left a difference to `reported`. */
  delta?: DeltaDocument;
}

export interface UpdateInput {
  shadow: ShadowDocument | undefined;
  /** From `currentVersion`. */
  version: number;
  request: UpdateRequest;
  /** Epoch seconds. */
  now: number;
  limits: Pick<ShadowLimits, 'maxDocumentBytes'>;
}

/** `JSON.stringify(state)` of a state with these sections, built from their JSON text. */
function stateJson(desired: string | undefined, reported: string | undefined): string {
  if (desired === undefined) return reported === undefined ? '{}' : `{"reported":${reported}}`;
  return reported === undefined ? `{"desired":${desired}}` : `{"desired":${desired},"reported":${reported}}`;
}

const utf8Bytes = (json: string | undefined) => (json === undefined ? 0 : Buffer.byteLength(json, 'utf8'));

function echoed(request: UpdateRequest, now: number): Pick<UpdateAcceptedDocument, 'state' | 'metadata'> {
  const state: UpdateAcceptedDocument['state'] = {};
  const metadata: { desired?: MetadataNode; reported?: MetadataNode } = {};
  for (const section of ['desired', 'reported'] as const) {
    const written = request[section];
    if (written === undefined) continue;
    state[section] = written;
    metadata[section] = metadataOf(written, now);
  }
  return { state, metadata };
}

/**
 * Applies a validated update to a shadow (§1.4): version check (409), merge with per-leaf
 * timestamps, size check of the result (413), version + 1, and the response documents.
 *
 * Choices where AWS is silent: the version increments even when nothing changed; `/update/delta`
 * goes out only for updates that contain `desired` (a reported-only update publishes no delta);
 * `/update/documents.previous` is `null` when the update created the shadow.
 */
export function applyUpdate({ shadow, version, request, now, limits }: UpdateInput): UpdateOutcome {
  const { clientToken } = request;
  if (request.version !== undefined && request.version !== version) {
    throw shadowError('SHADOW_ERR_VERSION_CONFLICT').withClientToken(clientToken);
  }
  const desired = mergeSection(
    { state: shadow?.state.desired, metadata: shadow?.metadata.desired },
    request.desired,
    now,
  );
  const reported = mergeSection(
    { state: shadow?.state.reported, metadata: shadow?.metadata.reported },
    request.reported,
    now,
  );
  // Serialized once: for the size check, the store and the `/update/documents` message.
  const desiredJson = desired.state === undefined ? undefined : JSON.stringify(desired.state);
  const reportedJson = reported.state === undefined ? undefined : JSON.stringify(reported.state);
  if (utf8Bytes(desiredJson) + utf8Bytes(reportedJson) > limits.maxDocumentBytes) {
    throw shadowError('SHADOW_ERR_TOO_LARGE').withClientToken(clientToken);
  }
  const document: ShadowDocument = {
    version: version + 1,
    state: {
      ...(desired.state === undefined ? {} : { desired: desired.state }),
      ...(reported.state === undefined ? {} : { reported: reported.state }),
    },
    metadata: {
      ...(desired.metadata === undefined ? {} : { desired: desired.metadata }),
      ...(reported.metadata === undefined ? {} : { reported: reported.metadata }),
    },
    timestamp: now,
  };
  const outcome: UpdateOutcome = {
    document,
    serialized: { state: stateJson(desiredJson, reportedJson), metadata: JSON.stringify(document.metadata) },
    accepted: withClientToken({ ...echoed(request, now), version: document.version, timestamp: now }, clientToken),
    documents: withClientToken(
      {
        previous: shadow === undefined ? null : snapshotOf(shadow),
        current: snapshotOf(document),
        timestamp: now,
      },
      clientToken,
    ),
  };
  if (request.desired !== undefined) {
    const delta = computeDelta(document.state.desired, document.state.reported, document.metadata.desired);
    if (delta !== undefined) {
      outcome.delta = withClientToken(
        { version: document.version, timestamp: now, state: delta.state, metadata: delta.metadata },
        clientToken,
      );
    }
  }
  return outcome;
}
