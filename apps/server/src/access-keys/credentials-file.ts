import { writeFileSync } from 'node:fs';

export const CREDENTIALS_PROFILE = 'meridian';

export interface CredentialsFileContent {
  accessKeyId: string;
  secretAccessKey: string;
  owner: string;
  region: string;
  /** `https://host:port` of the AWS-compatible API. */
  endpointUrl: string;
  /** The CA certificate that signed the API's server certificate. */
  caBundlePath: string;
  /** Where the file itself lives, for the usage example. */
  path: string;
}

/**
 * An AWS shared-credentials file with one profile. The CLI and SDKs read the keys and the region
 * from it; newer ones also `endpoint_url` and `ca_bundle`, older ones need `--endpoint-url` and
 * `--ca-bundle` (shown in the comment).
 */
export function formatCredentialsFile(content: CredentialsFileContent): string {
  return [
    `# Access key of the Meridian IoT AWS-compatible API, acting as the console user "${content.owner}".`,
    '# Revoke it in the console (Access keys) when it is no longer needed. Example:',
    `#   AWS_SHARED_CREDENTIALS_FILE=${content.path} aws --profile ${CREDENTIALS_PROFILE} \\`,
    `#     --endpoint-url ${content.endpointUrl} --ca-bundle ${content.caBundlePath} iot describe-endpoint`,
    `[${CREDENTIALS_PROFILE}]`,
    `aws_access_key_id = ${content.accessKeyId}`,
    `aws_secret_access_key = ${content.secretAccessKey}`,
    `region = ${content.region}`,
    `endpoint_url = ${content.endpointUrl}`,
    `ca_bundle = ${content.caBundlePath}`,
    '',
  ].join('\n');
}

/** Written owner-only (0600) and never over an existing file. */
export function writeCredentialsFile(content: CredentialsFileContent): void {
  writeFileSync(content.path, formatCredentialsFile(content), { mode: 0o600, flag: 'wx' });
}
