import { DomainError, type IotArns } from '@meridian/contracts';
import type { PolicyService } from '@meridian/policy';

/** The policy the console's "new device" flow attaches unless the operator picks another one. */
export const DEFAULT_DEVICE_POLICY = 'meridian-default-device';

/**
 * Created once, on the first start. It lets a device with a registered, ACTIVE certificate use any
 * client id, topic and shadow, which is what a new installation needs to get devices talking; operators
 * tighten it (a new version) or attach their own policies instead (README, "Policies").
 */
export function defaultDevicePolicyDocument(arns: IotArns): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AnyClientId', Effect: 'Allow', Action: 'iot:Connect', Resource: arns.client('*') },
        {
          Sid: 'AnyTopic',
          Effect: 'Allow',
          Action: ['iot:Publish', 'iot:Receive', 'iot:RetainPublish'],
          Resource: arns.topic('*'),
        },
        { Sid: 'AnyFilter', Effect: 'Allow', Action: 'iot:Subscribe', Resource: arns.topicFilter('*') },
        // What the shadow topics already allow over MQTT, for the device HTTPS endpoint's shadow calls.
        {
          Sid: 'AnyShadow',
          Effect: 'Allow',
          Action: [
            'iot:GetThingShadow',
            'iot:UpdateThingShadow',
            'iot:DeleteThingShadow',
            'iot:ListNamedShadowsForThing',
          ],
          Resource: arns.thing('*'),
        },
      ],
    },
    null,
    2,
  );
}

export async function createDefaultDevicePolicy(policies: PolicyService, arns: IotArns): Promise<void> {
  try {
    await policies.createPolicy({
      policyName: DEFAULT_DEVICE_POLICY,
      policyDocument: defaultDevicePolicyDocument(arns),
    });
  } catch (error) {
    if (!(error instanceof DomainError && error.type === 'ResourceAlreadyExistsException')) throw error;
  }
}

/** Attaches `policyName` (default: the default device policy, when it still exists) to a new certificate. */
export async function attachDevicePolicy(
  policies: PolicyService,
  certificateArn: string,
  policyName: string | undefined,
): Promise<void> {
  if (policyName === undefined) {
    try {
      await policies.getPolicy(DEFAULT_DEVICE_POLICY);
    } catch {
      return; // the operator deleted it: new devices start without rights
    }
  }
  await policies.attachPolicy(policyName ?? DEFAULT_DEVICE_POLICY, certificateArn);
}
