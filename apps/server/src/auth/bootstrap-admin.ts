import { generatePassword, hashPassword } from './password.js';
import type { UsersStore } from './users.store.js';

/**
 * Creates the `admin` account when the platform has no user yet. A generated password is returned
 * so the caller can log it once; it is stored only as an argon2id hash.
 */
export async function bootstrapAdmin(
  users: UsersStore,
  configuredPassword: string,
): Promise<{ created: false } | { created: true; generatedPassword?: string }> {
  if (users.count() > 0) return { created: false };
  const password = configuredPassword || generatePassword();
  users.create({ username: 'admin', passwordHash: await hashPassword(password), role: 'admin' });
  return configuredPassword ? { created: true } : { created: true, generatedPassword: password };
}
