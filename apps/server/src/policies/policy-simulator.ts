import {
  type DecidingStatement,
  DomainError,
  type IotArns,
  type PolicySimulationRequest,
  type PolicySimulationResult,
} from '@meridian/contracts';
import {
  type CertificateFacts,
  createAuthorizationContext,
  evaluate,
  type MaybePromise,
  type DecidingStatement as PolicyDecidingStatement,
  type PolicyService,
} from '@meridian/policy';
import { simulatedResourceArn } from './simulated-resource.js';

export interface PolicySimulatorPorts {
  policies: Pick<PolicyService, 'effectivePolicies' | 'getPolicyVersion'>;
  arns: IotArns;
  /** What policy variables may read about a registered certificate; undefined when it is not registered. */
  certificateFacts(certificateId: string): MaybePromise<CertificateFacts | undefined>;
}

/**
 * Answers "would this device be allowed to …?" the way the broker decides: the default versions of the
 * policies attached to the certificate, evaluated with the request's variables (reference §3.6).
 */
export class PolicySimulator {
  constructor(private readonly ports: PolicySimulatorPorts) {}

  async simulate(request: PolicySimulationRequest): Promise<PolicySimulationResult> {
    const { arns, policies } = this.ports;
    const { certificateId, clientId, action, thing } = request;
    if (thing !== undefined && clientId === undefined)
      throw new DomainError(
        'InvalidRequestException',
        'An attached thing is named like the client id: give clientId to simulate thing variables',
      );
    const resourceArn = simulatedResourceArn(arns, action, request.resource, clientId);
    const certificate = certificateId === undefined ? undefined : await this.requireCertificate(certificateId);
    const effective = await policies.effectivePolicies(
      certificateId === undefined ? [] : [arns.certificate(certificateId)],
    );
    const context = createAuthorizationContext(
      {
        ...(clientId === undefined ? {} : { clientId }),
        ...(request.sourceIp === undefined ? {} : { sourceIp: request.sourceIp }),
        ...(certificate === undefined ? {} : { certificate }),
        ...(thing === undefined || clientId === undefined ? {} : { thing: { name: clientId, ...thing } }),
      },
      arns,
    );
    const decision = evaluate(effective, action, resourceArn, context);
    return {
      allowed: decision.allowed,
      reason: decision.reason,
      action,
      resourceArn,
      ...(decision.statement === undefined ? {} : { decidingStatement: await this.describe(decision.statement) }),
      evaluatedPolicies: effective.map(({ policyName, policyVersionId }) => ({ policyName, policyVersionId })),
    };
  }

  private async requireCertificate(certificateId: string): Promise<CertificateFacts> {
    const facts = await this.ports.certificateFacts(certificateId);
    if (facts === undefined)
      throw new DomainError('ResourceNotFoundException', `Certificate ${certificateId} does not exist`);
    return facts;
  }

  /** The deciding statement with its text from the policy version, when that version still exists. */
  private async describe(statement: PolicyDecidingStatement): Promise<DecidingStatement> {
    const { policyName, policyVersionId, statementIndex, sid } = statement;
    const described: DecidingStatement = {
      policyName,
      policyVersionId,
      statementIndex,
      ...(sid === undefined ? {} : { sid }),
    };
    try {
      const version = await this.ports.policies.getPolicyVersion(policyName, policyVersionId);
      const text = statementText(version.policyDocument, statementIndex);
      return text === undefined ? described : { ...described, statement: text };
    } catch (error) {
      // Deleted since it was evaluated: the decision stands, only the text is missing.
      if (error instanceof DomainError && error.type === 'ResourceNotFoundException') return described;
      throw error;
    }
  }
}

function statementText(document: string, index: number): string | undefined {
  const parsed = JSON.parse(document) as { Statement?: unknown };
  const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
  const statement: unknown = statements[index];
  return statement === undefined ? undefined : JSON.stringify(statement, null, 2);
}
