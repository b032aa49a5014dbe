/**
 * @meridian/broker — MQTT 3.1.1/5 broker core.
 *
 * Storage goes through two ports, each with an in-memory default and a shared contract suite
 * (`@meridian/broker/contracts`): `RetainedStore` (retained messages) and `SessionStore`
 * (persistent sessions: subscriptions, queued and in-flight QoS 1/2 messages, incoming QoS 2
 * packet ids). Pass durable implementations as `new Broker({ retainedStore, sessionStore })`.
 */
export { Broker, type PlatformMessage } from './broker.js';
export { defaultBrokerOptions } from './broker-core.js';
export { ConnackReturnCode, ReasonCode } from './reason-codes.js';
export { MemoryRetainedStore, type RetainedMessage, type RetainedPage, type RetainedStore } from './retained-store.js';
export {
  MemorySessionStore,
  type SessionStore,
  type SessionStoreOp,
  type StoredOutgoing,
  type StoredSession,
  type StoredSessionMeta,
  type StoredSubscription,
} from './session-store.js';
export { isValidTopicFilter, isValidTopicName, topicMatches } from './topic.js';
export type {
  AuthenticateRequest,
  AuthenticateResult,
  BrokerHooks,
  BrokerLogger,
  BrokerOptions,
  ClientInfo,
  ConnectionMeta,
  ForwardedProperties,
  PublishedMessage,
} from './types.js';
