import type { DomainError } from '@meridian/contracts';
import type { JsonObject } from './json.js';
import { computeDelta } from './shadow.delta.js';
import type { MetadataNode, MetadataObject } from './shadow.metadata.js';
import type { SerializedShadow } from './shadow.store.js';

export interface ShadowState {
  desired?: JsonObject;
  reported?: JsonObject;
}

export interface ShadowMetadata {
  desired?: MetadataObject;
  reported?: MetadataObject;
}

/** A stored shadow: both sections with their metadata, its version and the time of its last update. */
export interface ShadowDocument {
  version: number;
  state: ShadowState;
  metadata: ShadowMetadata;
  /** Epoch seconds of the last accepted update. */
  timestamp: number;
}

interface WithClientToken {
  clientToken?: string;
}

/** `/update/accepted` and the UpdateThingShadow body: what the request wrote. */
export interface UpdateAcceptedDocument extends WithClientToken {
  state: { desired?: JsonObject | null; reported?: JsonObject | null };
  metadata: { desired?: MetadataNode; reported?: MetadataNode };
  version: number;
  timestamp: number;
}

/** `/get/accepted` and the GetThingShadow body. */
export interface GetAcceptedDocument extends WithClientToken {
  state: ShadowState & { delta?: JsonObject };
  metadata: ShadowMetadata;
  version: number;
  timestamp: number;
}

export interface DeltaDocument extends WithClientToken {
  version: number;
  timestamp: number;
  state: JsonObject;
  metadata: MetadataObject;
}

export interface DocumentsSnapshot {
  state: ShadowState;
  metadata: ShadowMetadata;
  version: number;
}

/** `/update/documents`. */
export interface DocumentsDocument extends WithClientToken {
  /** `null` when the update created the shadow (AWS leaves this undocumented). */
  previous: DocumentsSnapshot | null;
  current: DocumentsSnapshot;
  timestamp: number;
}

/** `/delete/accepted` and the DeleteThingShadow body. */
export interface DeleteAcceptedDocument extends WithClientToken {
  version: number;
  timestamp: number;
}

/** The `/rejected` error document and the HTTP error body. */
export interface ErrorDocument extends WithClientToken {
  code: number;
  message: string;
  timestamp: number;
}

export function withClientToken<T extends object>(document: T, clientToken: string | undefined): T & WithClientToken {
  return clientToken === undefined ? document : { ...document, clientToken };
}

export function snapshotOf(document: ShadowDocument): DocumentsSnapshot {
  return { state: document.state, metadata: document.metadata, version: document.version };
}

/**
 * The whole stored shadow with its delta under `state.delta` when there is one. No `metadata.delta`:
 * AWS's examples disagree on it and clients do not rely on it.
 */
export function getAcceptedDocument(
  document: ShadowDocument,
  timestamp: number,
  clientToken?: string,
): GetAcceptedDocument {
  const { desired, reported } = document.state;
  const delta = computeDelta(desired, reported, document.metadata.desired);
  return withClientToken(
    {
      state: { ...document.state, ...(delta === undefined ? {} : { delta: delta.state }) },
      metadata: document.metadata,
      version: document.version,
      timestamp,
    },
    clientToken,
  );
}

export function deleteAcceptedDocument(
  version: number,
  timestamp: number,
  clientToken?: string,
): DeleteAcceptedDocument {
  return withClientToken({ version, timestamp }, clientToken);
}

export function errorDocument(error: DomainError, timestamp: number): ErrorDocument {
  return withClientToken({ code: error.statusCode, message: error.message, timestamp }, error.extra.clientToken);
}

function snapshotJson(serialized: SerializedShadow, version: number): string {
  return `{"state":${serialized.state},"metadata":${serialized.metadata},"version":${version}}`;
}

/**
 * `JSON.stringify(documents)` of an `/update/documents` message, assembled from the documents'
 * JSON text (which the update produced and the store often holds) instead of serializing both again.
 */
export function documentsJson(
  documents: DocumentsDocument,
  previous: SerializedShadow | undefined,
  current: SerializedShadow,
): string {
  const before =
    documents.previous === null
      ? 'null'
      : snapshotJson(
          previous ?? {
            state: JSON.stringify(documents.previous.state),
            metadata: JSON.stringify(documents.previous.metadata),
          },
          documents.previous.version,
        );
  const token = documents.clientToken === undefined ? '' : `,"clientToken":${JSON.stringify(documents.clientToken)}`;
  return `{"previous":${before},"current":${snapshotJson(current, documents.current.version)},"timestamp":${documents.timestamp}${token}}`;
}
