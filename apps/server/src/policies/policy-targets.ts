import { DomainError, type IotArns, type PolicyTarget, type PolicyTargetRef } from '@meridian/contracts';

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
  const resource = targetArn.split(':').slice(5).join(':');
  if (resource.startsWith('cert/'))
    return { targetArn, kind: 'certificate', certificateId: resource.slice('cert/'.length) };
  return { targetArn, kind: 'thing-group', thingGroupName: resource.slice('thinggroup/'.length) };
}
