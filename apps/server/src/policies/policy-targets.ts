import { DomainError, IotArns, type PolicyTarget, type PolicyTargetRef } from '@meridian/contracts';

/** The target ARN a console request names: a certificate by id, or any target by ARN (exactly one). */
export function targetArnOf(ref: PolicyTargetRef, arns: IotArns): string {
  const { certificateId, targetArn } = ref;
  if ((certificateId === undefined) === (targetArn === undefined))
    throw new DomainError('InvalidRequestException', 'Give exactly one of certificateId or targetArn');
  return certificateId === undefined ? (targetArn as string) : arns.certificate(certificateId);
}

/**
 * A stored target ARN described for the console. Read from the resource part only, so targets stored
 * under an earlier region or account are still shown (and can be detached).
 */
export function describeTarget(targetArn: string): PolicyTarget {
  const { type, name } = IotArns.resourceOf(targetArn);
  return type === 'cert'
    ? { targetArn, kind: 'certificate', certificateId: name }
    : { targetArn, kind: 'thing-group', thingGroupName: name };
}
