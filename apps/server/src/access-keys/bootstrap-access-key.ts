import type { AccessKeysService } from './access-keys.service.js';
import { type CredentialsFileContent, writeCredentialsFile } from './credentials-file.js';

export type BootstrapAccessKeyResult = { created: false } | { created: true; accessKeyId: string; file: string };

/**
 * On the platform's first start (no access key was ever created) creates one for the admin and
 * writes it to a credentials file, which is the only place its secret appears. A key whose file
 * could not be written is revoked at once, so no unknown secret stays valid.
 */
export function bootstrapAccessKey(
  accessKeys: AccessKeysService,
  admin: { userId: number; username: string },
  file: Omit<CredentialsFileContent, 'accessKeyId' | 'secretAccessKey' | 'owner'>,
): BootstrapAccessKeyResult {
  if (!accessKeys.isEmpty()) return { created: false };
  const key = accessKeys.create(admin.userId, 'Created on first start');
  try {
    writeCredentialsFile({
      ...file,
      accessKeyId: key.accessKeyId,
      secretAccessKey: key.secretAccessKey,
      owner: admin.username,
    });
  } catch (error) {
    accessKeys.revoke(key.accessKeyId);
    throw error;
  }
  return { created: true, accessKeyId: key.accessKeyId, file: file.path };
}
