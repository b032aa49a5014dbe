/**
 * The AWS-compatible REST API (`buildAwsApi`) and the operation lists it serves: each function
 * returns the operations of one area, to be passed together as `buildAwsApi({ operations })`.
 */
export { type AccessKeyResolver, AWS_REGION, type AwsApiOptions, buildAwsApi } from './aws-api.js';
export type { AwsCaller, AwsOperation } from './aws-operation.js';
export { brokerDataPlaneOperations } from './broker-data-plane.operations.js';
export { certificateOperations } from './certificates.operations.js';
export { endpointOperations } from './endpoint.operations.js';
export { policyOperations } from './policy.operations.js';
export { registryOperations } from './registry.operations.js';
export { shadowDataPlaneOperations } from './shadow-data-plane.operations.js';
export { topicRuleOperations } from './topic-rules.operations.js';
