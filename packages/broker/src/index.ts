export { Broker, type PlatformMessage } from './broker.js';
export { defaultBrokerOptions } from './broker-core.js';
export { ConnackReturnCode, ReasonCode } from './reason-codes.js';
export { MemoryRetainedStore, type RetainedMessage, type RetainedStore } from './retained-store.js';
export { isValidTopicFilter, isValidTopicName, topicMatches } from './topic.js';
export type {
  AuthenticateRequest,
  AuthenticateResult,
  BrokerHooks,
  BrokerLogger,
  BrokerOptions,
  ClientInfo,
  ConnectionMeta,
  PublishedMessage,
} from './types.js';
