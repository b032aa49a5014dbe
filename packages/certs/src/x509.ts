// reflect-metadata must be evaluated before @peculiar/x509 (its DI container, tsyringe, needs it at import time).
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/**
 * Node's WebCrypto as the `Crypto` type @peculiar/x509 declares (a DOM type; there is no DOM lib here, so the
 * cast goes through the library's own parameter type). Passed explicitly to every @peculiar/x509 call.
 */
export const x509Crypto = webcrypto as unknown as NonNullable<
  Parameters<typeof x509.X509CertificateGenerator.create>[1]
>;

x509.cryptoProvider.set(x509Crypto);

export { x509 };
