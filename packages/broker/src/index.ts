/**
 * @meridian/broker — MQTT 3.1.1/5 broker core.
 *
 * Storage and routing go through three ports, each with an in-memory default and a shared
 * contract suite (`@meridian/broker/contracts`): `RetainedStore` (retained messages),
 * `SessionStore` (persistent sessions: subscriptions, queued and in-flight QoS 1/2 messages,
 * incoming QoS 2 packet ids, pending delayed wills) and `FanOut` (messages to the subscriptions
 * of every node: `InProcessFanOut`, or `BusFanOut` over a pub/sub `ClusterBus` for several
 * nodes). Pass other implementations as `new Broker({ retainedStore, sessionStore, fanOut })`.
 */
export { Broker, type PlatformMessage } from './broker.js';
export { defaultBrokerOptions } from './broker-core.js';
export { BusFanOut, type BusFanOutOptions, type ClusterBus } from './bus-fan-out.js';
export { type FanOut, type FanOutNode, InProcessFanOut, type ShareAvailability, type ShareScope } from './fan-out.js';
export {
  decodeFanOutEnvelope,
  encodeFanOutEnvelope,
  type FanOutEnvelope,
  FanOutEnvelopeError,
} from './fan-out-envelope.js';
export { MemoryClusterBus } from './memory-cluster-bus.js';
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
  type StoredWill,
  type StoredWillClient,
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
  Message,
  PublishedMessage,
} from './types.js';
