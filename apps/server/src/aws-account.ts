/** Region and account id in the ARNs of the platform's resources (settings AWS_REGION and AWS_ACCOUNT_ID). */
export interface AwsAccount {
  region: string;
  accountId: string;
}

const CERTIFICATE_ID = /^[0-9a-f]{64}$/;

const certificatePrefix = ({ region, accountId }: AwsAccount) => `arn:aws:iot:${region}:${accountId}:cert/`;

/** `arn:aws:iot:{region}:{account}:cert/{certificateId}`, the principal of a certificate connection. */
export function certificateArn(account: AwsAccount, certificateId: string): string {
  return `${certificatePrefix(account)}${certificateId}`;
}

/** The certificate id in a certificate ARN of this account and region; undefined for anything else. */
export function certificateIdOf(account: AwsAccount, arn: string): string | undefined {
  const prefix = certificatePrefix(account);
  if (!arn.startsWith(prefix)) return undefined;
  const id = arn.slice(prefix.length);
  return CERTIFICATE_ID.test(id) ? id : undefined;
}
