/**
 * @meridian/shadow — the Device Shadow service as AWS IoT Core defines it: request validation,
 * desired/reported merge with per-leaf metadata, delta, versions and the response documents (pure
 * functions), topic parsing, and `ShadowService` over two ports: `ShadowStore` (in-memory here, with
 * a contract suite in `@meridian/shadow/contracts` for durable implementations) and `publish`.
 */
export { isJsonObject, type JsonObject, type JsonValue, jsonEqual } from './json.js';
export { KeyedQueue } from './keyed-queue.js';
export { MemoryShadowStore } from './memory-shadow.store.js';
export { computeDelta, type Delta } from './shadow.delta.js';
export {
  type DeleteAcceptedDocument,
  type DeltaDocument,
  type DocumentsDocument,
  type DocumentsSnapshot,
  deleteAcceptedDocument,
  documentsJson,
  type ErrorDocument,
  errorDocument,
  type GetAcceptedDocument,
  getAcceptedDocument,
  type ShadowDocument,
  type ShadowMetadata,
  type ShadowState,
  type UpdateAcceptedDocument,
} from './shadow.document.js';
export { SHADOW_ERRORS, ShadowError, type ShadowErrorCode, shadowError } from './shadow.errors.js';
export { defaultShadowLimits, isValidShadowName, isValidThingName, type ShadowLimits } from './shadow.limits.js';
export { mergeSection } from './shadow.merge.js';
export { type LeafMetadata, type MetadataNode, type MetadataObject, metadataOf } from './shadow.metadata.js';
export {
  parseTokenRequest,
  parseUpdateRequest,
  type ShadowSection,
  type TokenRequest,
  type UpdateRequest,
} from './shadow.request.js';
export {
  type ListNamedShadowsResult,
  type ShadowAction,
  type ShadowRequest,
  ShadowService,
  type ShadowServicePorts,
} from './shadow.service.js';
export { defaultShadowSettings, type ShadowSettings } from './shadow.settings.js';
export type {
  LoadedShadow,
  MaybePromise,
  SaveShadow,
  SerializedShadow,
  ShadowKey,
  ShadowStore,
} from './shadow.store.js';
export {
  parseShadowTopic,
  SHADOW_REQUEST_TOPIC_FILTERS,
  type ShadowOperation,
  type ShadowResponse,
  type ShadowTopic,
  shadowTopic,
  shadowTopicPrefix,
} from './shadow.topics.js';
export { applyUpdate, currentVersion, type Tombstone, type UpdateInput, type UpdateOutcome } from './shadow.update.js';
