import type { PolicyService } from '@meridian/policy';
import { type Static, Type } from '@sinclair/typebox';
import { type AwsOperation, defineOperation } from './aws-operation.js';
import { MARKER_PAGING, Tags } from './aws-shapes.js';

const POLICY_PATH = '/policies/{policyName}';
const POLICY_VERSIONS_PATH = `${POLICY_PATH}/version`;
const POLICY_VERSION_PATH = `${POLICY_VERSIONS_PATH}/{policyVersionId}`;
const TARGET_POLICIES_PATH = '/target-policies/{policyName}';
const PRINCIPAL_POLICIES_PATH = '/principal-policies/{policyName}';

const PolicyLabel = Type.Object({ policyName: Type.String() });
const PolicyVersionLabels = Type.Object({ policyName: Type.String(), policyVersionId: Type.String() });
/** The policy document is JSON text inside the JSON body, as AWS sends and returns it. */
const PolicyDocumentBody = { policyDocument: Type.String() };
/** A certificate or thing-group ARN: the body of AttachPolicy and DetachPolicy, ListAttachedPolicies' label. */
const PolicyTarget = Type.Object({ target: Type.String() });
const MarkerPaging = Type.Object(MARKER_PAGING);
/** `ascendingOrder` in the SDKs, `isAscendingOrder` on the wire. */
const OrderedMarkerPaging = Type.Object({ ...MARKER_PAGING, isAscendingOrder: Type.Optional(Type.Boolean()) });
/** The deprecated principal-policy operations name the principal and the policy in headers. */
const IotPrincipalHeader = Type.Object({ 'x-amzn-iot-principal': Type.String() });

const principalOf = (headers: Static<typeof IotPrincipalHeader>) => headers['x-amzn-iot-principal'];

/** For listings in one fixed order (by name or ARN): `isAscendingOrder` is accepted and has no effect. */
function ignoringOrder({ isAscendingOrder: _, ...page }: Static<typeof OrderedMarkerPaging>) {
  return page;
}

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
      path: POLICY_PATH,
      access: 'write',
      input: { labels: PolicyLabel, body: Type.Object({ ...PolicyDocumentBody, tags: Type.Optional(Tags) }) },
      handler: ({ labels, body }) =>
        policies.createPolicy({ policyName: labels.policyName, policyDocument: body.policyDocument }),
    }),
    defineOperation({
      name: 'GetPolicy',
      method: 'GET',
      path: POLICY_PATH,
      access: 'read',
      input: { labels: PolicyLabel },
      handler: ({ labels }) => policies.getPolicy(labels.policyName),
    }),
    defineOperation({
      name: 'DeletePolicy',
      method: 'DELETE',
      path: POLICY_PATH,
      access: 'write',
      input: { labels: PolicyLabel },
      handler: ({ labels }) => policies.deletePolicy(labels.policyName),
    }),
    defineOperation({
      name: 'ListPolicies',
      method: 'GET',
      path: '/policies',
      access: 'read',
      input: { query: OrderedMarkerPaging },
      handler: ({ query: { isAscendingOrder, ...page } }) =>
        policies.listPolicies({ ...page, ascendingOrder: isAscendingOrder }),
    }),
    defineOperation({
      name: 'CreatePolicyVersion',
      method: 'POST',
      path: POLICY_VERSIONS_PATH,
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
      path: POLICY_VERSION_PATH,
      access: 'read',
      input: { labels: PolicyVersionLabels },
      handler: ({ labels }) => policies.getPolicyVersion(labels.policyName, labels.policyVersionId),
    }),
    defineOperation({
      name: 'ListPolicyVersions',
      method: 'GET',
      path: POLICY_VERSIONS_PATH,
      access: 'read',
      input: { labels: PolicyLabel },
      handler: ({ labels }) => policies.listPolicyVersions(labels.policyName),
    }),
    defineOperation({
      name: 'SetDefaultPolicyVersion',
      method: 'PATCH',
      path: POLICY_VERSION_PATH,
      access: 'write',
      input: { labels: PolicyVersionLabels },
      handler: ({ labels }) => policies.setDefaultPolicyVersion(labels.policyName, labels.policyVersionId),
    }),
    defineOperation({
      name: 'DeletePolicyVersion',
      method: 'DELETE',
      path: POLICY_VERSION_PATH,
      access: 'write',
      input: { labels: PolicyVersionLabels },
      handler: ({ labels }) => policies.deletePolicyVersion(labels.policyName, labels.policyVersionId),
    }),
    defineOperation({
      name: 'AttachPolicy',
      method: 'PUT',
      path: TARGET_POLICIES_PATH,
      access: 'write',
      input: { labels: PolicyLabel, body: PolicyTarget },
      handler: ({ labels, body }) => policies.attachPolicy(labels.policyName, body.target),
    }),
    defineOperation({
      name: 'DetachPolicy',
      method: 'POST',
      path: TARGET_POLICIES_PATH,
      access: 'write',
      input: { labels: PolicyLabel, body: PolicyTarget },
      handler: ({ labels, body }) => policies.detachPolicy(labels.policyName, body.target),
    }),
    defineOperation({
      name: 'ListAttachedPolicies',
      method: 'POST',
      path: '/attached-policies/{target}',
      access: 'read',
      input: {
        labels: PolicyTarget,
        query: Type.Object({ ...MARKER_PAGING, recursive: Type.Optional(Type.Boolean()) }),
      },
      handler: ({ labels, query }) => policies.listAttachedPolicies(labels.target, query),
    }),
    defineOperation({
      name: 'ListTargetsForPolicy',
      method: 'POST',
      path: '/policy-targets/{policyName}',
      access: 'read',
      input: { labels: PolicyLabel, query: MarkerPaging },
      handler: ({ labels, query }) => policies.listTargetsForPolicy(labels.policyName, query),
    }),
    defineOperation({
      name: 'AttachPrincipalPolicy',
      method: 'PUT',
      path: PRINCIPAL_POLICIES_PATH,
      access: 'write',
      input: { labels: PolicyLabel, headers: IotPrincipalHeader },
      handler: ({ labels, headers }) => policies.attachPolicy(labels.policyName, principalOf(headers)),
    }),
    defineOperation({
      name: 'DetachPrincipalPolicy',
      method: 'DELETE',
      path: PRINCIPAL_POLICIES_PATH,
      access: 'write',
      input: { labels: PolicyLabel, headers: IotPrincipalHeader },
      handler: ({ labels, headers }) => policies.detachPolicy(labels.policyName, principalOf(headers)),
    }),
    defineOperation({
      name: 'ListPrincipalPolicies',
      method: 'GET',
      path: '/principal-policies',
      access: 'read',
      input: { headers: IotPrincipalHeader, query: OrderedMarkerPaging },
      handler: ({ headers, query }) => policies.listAttachedPolicies(principalOf(headers), ignoringOrder(query)),
    }),
    defineOperation({
      name: 'ListPolicyPrincipals',
      method: 'GET',
      path: '/policy-principals',
      access: 'read',
      input: {
        headers: Type.Object({ 'x-amzn-iot-policy': Type.String() }),
        query: OrderedMarkerPaging,
      },
      handler: async ({ headers, query }) => {
        const { targets, nextMarker } = await policies.listTargetsForPolicy(
          headers['x-amzn-iot-policy'],
          ignoringOrder(query),
        );
        return { principals: targets, ...(nextMarker === undefined ? {} : { nextMarker }) };
      },
    }),
  ];
}
