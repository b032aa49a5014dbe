import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

/** The `skip` reason of AWS CLI tests on a machine without it. */
export const AWS_CLI_MISSING = 'AWS CLI not installed (Debian package awscli, installed by scripts/setup.sh)';

/** The Debian package's `aws` first, then any other on the PATH. */
export function findAwsCli(): string | undefined {
  const candidates = ['/usr/bin/aws', ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'aws'))];
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export interface AwsCliTarget {
  endpoint: string;
  /** The CA bundle that verifies the API's server certificate. */
  caPath: string;
  /** A folder of the test's own: HOME, and where the CLI looks for (absent) config files. */
  home: string;
  /** Keys in the environment; without them the CLI reads `credentialsFile`. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  credentialsFile?: string;
}

/**
 * Runs `aws --endpoint-url … --ca-bundle … --output json <args>` isolated from any configuration of
 * the machine (no config file, no instance metadata); resolves with stdout, rejects on a non-zero exit.
 */
export async function runAwsCli(cli: string, target: AwsCliTarget, args: readonly string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    cli,
    ['--endpoint-url', target.endpoint, '--ca-bundle', target.caPath, '--output', 'json', ...args],
    {
      env: {
        PATH: process.env.PATH,
        HOME: target.home,
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: join(target.home, 'no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: target.credentialsFile ?? join(target.home, 'no-aws-credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        ...(target.credentials && {
          AWS_ACCESS_KEY_ID: target.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: target.credentials.secretAccessKey,
        }),
      },
      timeout: 60_000,
    },
  );
  return stdout;
}
