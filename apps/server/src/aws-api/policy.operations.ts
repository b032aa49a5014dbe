import type { PolicyService } from '@meridian/policy';
import { Type } from '@sinclair/typebox';
import { type AwsOperation, defineOperation } from './aws-operation.js';
import { MARKER_PAGING, Tags } from './aws-shapes.js';

const PolicyLabel = Type.Object({ policyName: Type.String() });
const PolicyVersionLabels = Type.Object({ policyName: Type.String(), policyVersionId: Type.String() });
/** The policy document is JSON text inside the JSON body, as AWS sends and returns it. */
const PolicyDocumentBody = { policyDocument: Type.String() };
/** `ascendingOrder` in the SDKs, `isAscendingOrder` on the wire. */
const ORDERED_MARKER_PAGING = { ...MARKER_PAGING, isAscendingOrder: Type.Optional(Type.Boolean()) };
/** The deprecated principal-policy operations name the principal and the policy in headers. */
const IotPrincipalHeader = Type.Object({ 'x-amzn-iot-principal': Type.String() });

/**
 * IoT policies at AWS IoT's control-plane paths: policies and their versions, attachments to targets
 * (certificate and thing-group ARNs), and the deprecated principal-policy operations, which act on
 * the same attachments.
 */
export function policyOperations(policies: PolicyService): AwsOperation[] {
  return [
    defineOperation({
      name: 'CreatePolicy',
      method: 'POST',
      path: '/policies/{policyName}',
      access: 'write',
      input: { labels: PolicyLabel, body: Type.Object({ ...PolicyDocumentBody, tags: Type.Optional(Tags) }) },
      handler: ({ labels, body }) =>
        policies.createPolicy({ policyName: labels.policyName, policyDocument: body.policyDocument }),
    }),
    defineOperation({
      name: 'GetPolicy',
      method: 'GET',
      path: '/policies/{policyName}',
      access: 'read',
      input: { labels: PolicyLabel },
      handler: ({ labels }) => policies.getPolicy(labels.policyName),
    }),
    defineOperation({
      name: 'DeletePolicy',
      method: 'DELETE',
      path: '/policies/{policyName}',
      access: 'write',
      input: { labels: PolicyLabel },
      handler: ({ labels }) => policies.deletePolicy(labels.policyName),
    }),
    defineOperation({
      name: 'ListPolicies',
      method: 'GET',
      path: '/policies',
      access: 'read',
      input: { query: Type.Object(ORDERED_MARKER_PAGING) },
      handler: ({ query: { isAscendingOrder, ...page } }) =>
        policies.listPolicies({ ...page, ascendingOrder: isAscendingOrder }),
    }),
    defineOperation({
      name: 'CreatePolicyVersion',
      method: 'POST',
      path: '/policies/{policyName}/version',
      access: 'write',
      input: {
        labels: PolicyLabel,
        query: Type.Object({ setAsDefault: Type.Optional(Type.Boolean()) }),
        body: Type.Object(PolicyDocumentBody),
      },
      handler: ({ labels, query, body }) =>
        policies.createPolicyVersion({ ...labels, ...query, policyDocument: body.policyDocument }),
    }),
    defineOperation({
      name: 'GetPolicyVersion',
      method: 'GET',
      path: '/policies/{policyName}/version/{policyVersionId}',
      access: 'read',
      input: { labels: PolicyVersionLabels },
      handler: ({ labels }) => policies.getPolicyVersion(labels.policyName, labels.policyVersionId),
    }),
    defineOperation({
      name: 'ListPolicyVersions',
      method: 'GET',
      path: '/policies/{policyName}/version',
      access: 'read',
      input: { labels: PolicyLabel },
      handler: ({ labels }) => policies.listPolicyVersions(labels.policyName),
    }),
    defineOperation({
      name: 'SetDefaultPolicyVersion',
      method: 'PATCH',
      path: '/policies/{policyName}/version/{policyVersionId}',
      access: 'write',
      input: { labels: PolicyVersionLabels },
      handler: ({ labels }) => policies.setDefaultPolicyVersion(labels.policyName, labels.policyVersionId),
    }),
    defineOperation({
      name: 'DeletePolicyVersion',
      method: 'DELETE',
      path: '/policies/{policyName}/version/{policyVersionId}',
      access: 'write',
      input: { labels: PolicyVersionLabels },
      handler: ({ labels }) => policies.deletePolicyVersion(labels.policyName, labels.policyVersionId),
    }),
    defineOperation({
      name: 'AttachPolicy',
      method: 'PUT',
      path: '/target-policies/{policyName}',
      access: 'write',
      input: { labels: PolicyLabel, body: Type.Object({ target: Type.String() }) },
      handler: ({ labels, body }) => policies.attachPolicy(labels.policyName, body.target),
    }),
    defineOperation({
      name: 'DetachPolicy',
      method: 'POST',
      path: '/target-policies/{policyName}',
      access: 'write',
      input: { labels: PolicyLabel, body: Type.Object({ target: Type.String() }) },
      handler: ({ labels, body }) => policies.detachPolicy(labels.policyName, body.target),
    }),
    defineOperation({
      name: 'ListAttachedPolicies',
      method: 'POST',
      path: '/attached-policies/{target}',
      access: 'read',
      input: {
        labels: Type.Object({ target: Type.String() }),
        query: Type.Object({ ...MARKER_PAGING, recursive: Type.Optional(Type.Boolean()) }),
      },
      handler: ({ labels, query }) => policies.listAttachedPolicies(labels.target, query),
    }),
    defineOperation({
      name: 'ListTargetsForPolicy',
      method: 'POST',
      path: '/policy-targets/{policyName}',
      access: 'read',
      input: { labels: PolicyLabel, query: Type.Object(MARKER_PAGING) },
      handler: ({ labels, query }) => policies.listTargetsForPolicy(labels.policyName, query),
    }),
    defineOperation({
      name: 'AttachPrincipalPolicy',
      method: 'PUT',
      path: '/principal-policies/{policyName}',
      access: 'write',
      input: { labels: PolicyLabel, headers: IotPrincipalHeader },
      handler: ({ labels, headers }) => policies.attachPolicy(labels.policyName, headers['x-amzn-iot-principal']),
    }),
    defineOperation({
      name: 'DetachPrincipalPolicy',
      method: 'DELETE',
      path: '/principal-policies/{policyName}',
      access: 'write',
      input: { labels: PolicyLabel, headers: IotPrincipalHeader },
      handler: ({ labels, headers }) => policies.detachPolicy(labels.policyName, headers['x-amzn-iot-principal']),
    }),
    defineOperation({
      name: 'ListPrincipalPolicies',
      method: 'GET',
      path: '/principal-policies',
      access: 'read',
      // Attached policies are listed by name; isAscendingOrder is accepted and has no effect.
      input: { headers: IotPrincipalHeader, query: Type.Object(ORDERED_MARKER_PAGING) },
      handler: ({ headers, query: { isAscendingOrder: _, ...page } }) =>
        policies.listAttachedPolicies(headers['x-amzn-iot-principal'], page),
    }),
    defineOperation({
      name: 'ListPolicyPrincipals',
      method: 'GET',
      path: '/policy-principals',
      access: 'read',
      input: {
        headers: Type.Object({ 'x-amzn-iot-policy': Type.String() }),
        query: Type.Object(ORDERED_MARKER_PAGING),
      },
      handler: async ({ headers, query: { isAscendingOrder: _, ...page } }) => {
        const { targets, nextMarker } = await policies.listTargetsForPolicy(headers['x-amzn-iot-policy'], page);
        return nextMarker === undefined ? { principals: targets } : { principals: targets, nextMarker };
      },
    }),
  ];
}
