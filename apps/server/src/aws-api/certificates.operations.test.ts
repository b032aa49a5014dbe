import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CertificateStateException,
  CertificateValidationException,
  CreateCertificateFromCsrCommand,
  CreateKeysAndCertificateCommand,
  DeleteCACertificateCommand,
  DeleteCertificateCommand,
  DeleteConflictException,
  DescribeCACertificateCommand,
  DescribeCertificateCommand,
  GetRegistrationCodeCommand,
  InvalidRequestException,
  IoTClient,
  type IoTServiceException,
  ListCACertificatesCommand,
  ListCertificatesByCACommand,
  ListCertificatesCommand,
  paginateListCACertificates,
  paginateListCertificates,
  RegisterCACertificateCommand,
  RegisterCertificateCommand,
  RegisterCertificateWithoutCACommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  UpdateCACertificateCommand,
  UpdateCertificateCommand,
} from '@aws-sdk/client-iot';
import { loadOrCreatePki, type Pki } from '@meridian/certs';
import { IotArns } from '@meridian/contracts';
import { tempDir } from '@meridian/test-utils';
import type { FastifyInstance } from 'fastify';
import { CaCertificatesService } from '../certificates/ca-certificates.service.js';
import { CaCertificatesStore } from '../certificates/ca-certificates.store.js';
import { type CertificateChange, CertificateChanges } from '../certificates/certificate-changes.js';
import { type CertificateAttachments, CertificatesService } from '../certificates/certificates.service.js';
import { CertificatesStore } from '../certificates/certificates.store.js';
import { type Db, openDatabase } from '../db/database.js';
import { type AccessKeyResolver, buildAwsApi } from './aws-api.js';
import { AWS_CLI_MISSING, findAwsCli, runAwsCli } from './aws-cli.testing.js';
import type { AwsCaller } from './aws-operation.js';
import { certificateOperations } from './certificates.operations.js';

const ARN_PREFIX = 'arn:aws:iot:us-east-1:123456789012:';
const KEY = { accessKeyId: 'AKIACERTOPERATIONS23', secretAccessKey: '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' };
const CALLER: AwsCaller = { accessKeyId: KEY.accessKeyId, userId: 1, username: 'admin', role: 'admin' };
const P256 = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
const LEAF_EXTENSIONS =
  'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n';

/**
 * Runs openssl commands in one fresh folder (after writing `inputs` there) and returns the text of the `outputs`,
 * so the platform is checked against material its own code did not produce.
 */
function openssl(commands: string[][], outputs: string[], inputs: Record<string, string> = {}): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-certops-'));
  try {
    for (const [name, text] of Object.entries(inputs)) writeFileSync(join(dir, name), text);
    for (const args of commands) execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    return outputs.map((name) => readFileSync(join(dir, name), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface CustomerCa {
  certificatePem: string;
  privateKeyPem: string;
}

function newCustomerCa(commonName: string): CustomerCa {
  const [certificatePem, privateKeyPem] = openssl(
    [
      [
        'req',
        '-x509',
        ...P256,
        '-keyout',
        'ca.key',
        '-subj',
        `/CN=${commonName}`,
        '-days',
        '30',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
        '-out',
        'ca.pem',
      ],
    ],
    ['ca.pem', 'ca.key'],
  ) as [string, string];
  return { certificatePem, privateKeyPem };
}

/** A certificate with a fresh key for `commonName`, signed by `ca`. */
function signedBy(ca: CustomerCa, commonName: string): string {
  const [certificatePem] = openssl(
    [
      ['req', '-new', ...P256, '-keyout', 'leaf.key', '-subj', `/CN=${commonName}`, '-out', 'leaf.csr'],
      [
        'x509',
        '-req',
        '-in',
        'leaf.csr',
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-set_serial',
        `0x${randomBytes(8).toString('hex')}`,
        '-days',
        '2',
        '-extfile',
        'leaf.ext',
        '-out',
        'leaf.pem',
      ],
    ],
    ['leaf.pem'],
    { 'ca.pem': ca.certificatePem, 'ca.key': ca.privateKeyPem, 'leaf.ext': LEAF_EXTENSIONS },
  ) as [string];
  return certificatePem;
}

/** A self-signed end-entity certificate (openssl's default for `req -x509` would be a CA). */
function selfSigned(commonName: string): string {
  const [certificatePem] = openssl(
    [
      ['req', '-x509', ...P256, '-keyout', 'self.key', '-subj', `/CN=${commonName}`, '-days', '2'].concat([
        '-addext',
        'basicConstraints=critical,CA:FALSE',
        '-out',
        'self.pem',
      ]),
    ],
    ['self.pem'],
  ) as [string];
  return certificatePem;
}

/** A CSR made by openssl for a key made by node:crypto. */
function csrFor(privateKeyPem: string, commonName: string): string {
  const [csr] = openssl(
    [['req', '-new', '-key', 'device.key', '-subj', `/CN=${commonName}`, '-out', 'device.csr']],
    ['device.csr'],
    { 'device.key': privateKeyPem },
  ) as [string];
  return csr;
}

/** AWS IoT's certificate id: the SHA-256 fingerprint of the DER, as node:crypto computes it. */
const fingerprintOf = (pem: string) => new X509Certificate(pem).fingerprint256.replaceAll(':', '').toLowerCase();

const UNKNOWN_ID = 'ab'.repeat(32);

/** Asserts the SDK rejected with `type` (its modelled class) and `status`, and the message matches. */
async function rejectsWith(
  promise: Promise<unknown>,
  type: new (...args: never[]) => IoTServiceException,
  status: number,
  message?: RegExp,
): Promise<IoTServiceException> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof type, `expected ${type.name}, got ${String(caught)}`);
  assert.equal(caught.$metadata.httpStatusCode, status);
  if (message) assert.match(caught.message, message);
  return caught;
}

describe(certificateOperations.name, () => {
  let dir: { path: string; remove: () => Promise<void> };
  let pki: Pki;
  let db: Db;
  let app: FastifyInstance;
  let endpoint: string;
  let iot: IoTClient;
  const notified: CertificateChange[] = [];
  const attached = { policies: new Set<string>(), things: new Set<string>(), detached: [] as string[] };
  const attachments: CertificateAttachments = {
    hasAttachedPolicies: (arn) => attached.policies.has(arn),
    hasAttachedThings: (arn) => attached.things.has(arn),
    detachAllPolicies: (arn) => {
      attached.detached.push(arn);
      attached.policies.delete(arn);
    },
  };
  const arns = new IotArns('us-east-1', '123456789012');

  before(async () => {
    dir = await tempDir('meridian-certops-');
    pki = await loadOrCreatePki({ dir: dir.path });
    db = openDatabase(join(dir.path, 'meridian.db'));
    const certificateStore = new CertificatesStore(db);
    const caCertificateStore = new CaCertificatesStore(db);
    const changes = new CertificateChanges();
    changes.subscribe((change) => notified.push(change));
    const certificates = new CertificatesService({
      certificates: certificateStore,
      caCertificates: caCertificateStore,
      platformCa: pki.ca,
      arns,
      attachments,
      changes,
    });
    const caCertificates = new CaCertificatesService({ caCertificates: caCertificateStore, arns, changes });
    const accessKeys: AccessKeyResolver = {
      credentialsFor: (id) =>
        id === KEY.accessKeyId ? { secretAccessKey: KEY.secretAccessKey, owner: CALLER } : undefined,
      recordUse: () => {},
    };
    app = await buildAwsApi({
      tls: pki.server,
      accessKeys,
      operations: certificateOperations(certificates, caCertificates),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    endpoint = `https://localhost:${(app.server.address() as AddressInfo).port}`;
    iot = new IoTClient({
      endpoint,
      region: 'us-east-1',
      credentials: KEY,
      maxAttempts: 1,
      requestHandler: { httpsAgent: new Agent({ ca: pki.ca.certificatePem }) },
    });
  });
  after(async () => {
    iot.destroy();
    await app.close();
    db.close();
    await dir.remove();
  });

  const describeCertificate = async (certificateId: string) => {
    const { certificateDescription } = await iot.send(new DescribeCertificateCommand({ certificateId }));
    assert.ok(certificateDescription);
    return certificateDescription;
  };

  let sharedCsr: string | undefined;
  /** A platform-signed certificate from one shared CSR (no key generated per certificate), INACTIVE unless asked. */
  async function newCertificate(setAsActive = false): Promise<string> {
    if (sharedCsr === undefined) {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      sharedCsr = csrFor(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 'shared-csr-device');
    }
    const created = await iot.send(
      new CreateCertificateFromCsrCommand({ certificateSigningRequest: sharedCsr, setAsActive }),
    );
    assert.ok(created.certificateId);
    return created.certificateId;
  }

  /** Registers `ca` with a verification certificate for the current registration code. */
  async function registerCa(ca: CustomerCa, options: { setAsActive?: boolean; allowAutoRegistration?: boolean } = {}) {
    const { registrationCode } = await iot.send(new GetRegistrationCodeCommand({}));
    assert.ok(registrationCode);
    const registered = await iot.send(
      new RegisterCACertificateCommand({
        caCertificate: ca.certificatePem,
        verificationCertificate: signedBy(ca, registrationCode),
        setAsActive: options.setAsActive ?? true,
        allowAutoRegistration: options.allowAutoRegistration,
      }),
    );
    assert.ok(registered.certificateId);
    return registered.certificateId;
  }

  describe('CreateKeysAndCertificate', () => {
    test('returns a platform-signed certificate, its id, ARN and the matching key pair; setAsActive makes it ACTIVE', async () => {
      const started = Date.now();
      const created = await iot.send(new CreateKeysAndCertificateCommand({ setAsActive: true }));
      assert.ok(
        created.certificatePem && created.certificateId && created.keyPair?.PrivateKey && created.keyPair.PublicKey,
      );
      const certificate = new X509Certificate(created.certificatePem);
      assert.equal(created.certificateId, fingerprintOf(created.certificatePem));
      assert.equal(created.certificateArn, `${ARN_PREFIX}cert/${created.certificateId}`);
      assert.ok(certificate.checkPrivateKey(createPrivateKey(created.keyPair.PrivateKey)));
      assert.equal(certificate.publicKey.asymmetricKeyType, 'rsa');
      assert.equal(certificate.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
      assert.ok(certificate.publicKey.equals(createPublicKey(created.keyPair.PublicKey)));
      assert.ok(certificate.verify(new X509Certificate(pki.ca.certificatePem).publicKey));

      const description = await describeCertificate(created.certificateId);
      assert.equal(description.status, 'ACTIVE');
      assert.equal(description.certificatePem, created.certificatePem);
      assert.equal(description.certificateArn, created.certificateArn);
      assert.equal(description.ownedBy, '123456789012');
      assert.equal(description.certificateMode, 'DEFAULT');
      assert.equal(description.caCertificateId, undefined);
      assert.ok(description.creationDate instanceof Date);
      assert.ok(
        description.creationDate.getTime() >= started - 1000 && description.creationDate.getTime() <= Date.now(),
      );
      assert.equal(description.validity?.notAfter?.getTime(), new Date(certificate.validTo).getTime());
      assert.equal(description.validity?.notBefore?.getTime(), new Date(certificate.validFrom).getTime());
    });

    test('without setAsActive the certificate is INACTIVE', async () => {
      const created = await iot.send(new CreateKeysAndCertificateCommand({}));
      assert.equal((await describeCertificate(created.certificateId ?? '')).status, 'INACTIVE');
    });
  });

  describe('CreateCertificateFromCsr', () => {
    test('signs the key of a CSR (node:crypto key, openssl CSR); the same CSR twice gives two certificates', async () => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
      const csr = csrFor(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 'csr-device');
      const first = await iot.send(
        new CreateCertificateFromCsrCommand({ certificateSigningRequest: csr, setAsActive: true }),
      );
      const second = await iot.send(new CreateCertificateFromCsrCommand({ certificateSigningRequest: csr }));
      assert.ok(first.certificatePem && first.certificateId && second.certificateId);
      assert.notEqual(first.certificateId, second.certificateId);
      const certificate = new X509Certificate(first.certificatePem);
      assert.ok(certificate.publicKey.equals(publicKey));
      assert.match(certificate.subject, /CN=csr-device/);
      assert.equal(first.certificateId, fingerprintOf(first.certificatePem));
      assert.equal(first.certificateArn, `${ARN_PREFIX}cert/${first.certificateId}`);
      assert.equal((await describeCertificate(first.certificateId)).status, 'ACTIVE');
      assert.equal((await describeCertificate(second.certificateId)).status, 'INACTIVE');
    });

    test('a CSR that is not one is CertificateValidationException 400', async () => {
      await rejectsWith(
        iot.send(new CreateCertificateFromCsrCommand({ certificateSigningRequest: 'not a csr' })),
        CertificateValidationException,
        400,
        /certificateSigningRequest/,
      );
    });
  });

  describe('CA certificates', () => {
    test('GetRegistrationCode answers the same code every time', async () => {
      const first = await iot.send(new GetRegistrationCodeCommand({}));
      const second = await iot.send(new GetRegistrationCodeCommand({}));
      assert.match(first.registrationCode ?? '', /^[0-9a-f]{64}$/);
      assert.equal(second.registrationCode, first.registrationCode);
    });

    test('RegisterCACertificate with a verification certificate; DescribeCACertificate shows what was asked', async () => {
      const ca = newCustomerCa('Acme Devices CA');
      const { registrationCode } = await iot.send(new GetRegistrationCodeCommand({}));
      const registrationConfig = { templateName: 'acme-template', roleArn: 'arn:aws:iam::123456789012:role/jitp' };
      const registered = await iot.send(
        new RegisterCACertificateCommand({
          caCertificate: ca.certificatePem,
          verificationCertificate: signedBy(ca, registrationCode ?? ''),
          setAsActive: true,
          allowAutoRegistration: true,
          registrationConfig,
          tags: [{ Key: 'team', Value: 'devices' }],
        }),
      );
      assert.equal(registered.certificateId, fingerprintOf(ca.certificatePem));
      assert.equal(registered.certificateArn, `${ARN_PREFIX}cacert/${registered.certificateId}`);

      const described = await iot.send(new DescribeCACertificateCommand({ certificateId: registered.certificateId }));
      const description = described.certificateDescription;
      assert.equal(description?.certificateArn, registered.certificateArn);
      assert.equal(description?.status, 'ACTIVE');
      assert.equal(description?.autoRegistrationStatus, 'ENABLE');
      assert.equal(description?.certificateMode, 'DEFAULT');
      assert.equal(description?.certificatePem, ca.certificatePem);
      assert.equal(description?.customerVersion, 1);
      assert.ok(description?.creationDate instanceof Date);
      assert.equal(
        description?.validity?.notAfter?.getTime(),
        new Date(new X509Certificate(ca.certificatePem).validTo).getTime(),
      );
      assert.deepEqual(described.registrationConfig, registrationConfig);
    });

    test('without options a CA is INACTIVE with auto-registration disabled; SNI_ONLY needs no verification', async () => {
      const ca = newCustomerCa('Quiet CA');
      const registered = await iot.send(
        new RegisterCACertificateCommand({ caCertificate: ca.certificatePem, certificateMode: 'SNI_ONLY' }),
      );
      const { certificateDescription } = await iot.send(
        new DescribeCACertificateCommand({ certificateId: registered.certificateId }),
      );
      assert.equal(certificateDescription?.status, 'INACTIVE');
      assert.equal(certificateDescription?.autoRegistrationStatus, 'DISABLE');
      assert.equal(certificateDescription?.certificateMode, 'SNI_ONLY');
    });

    test('refusals: duplicate, missing or wrong verification certificate, not a CA, unknown id', async () => {
      const ca = newCustomerCa('Twice CA');
      const caCertificateId = await registerCa(ca);
      const duplicate = await rejectsWith(registerCa(ca), ResourceAlreadyExistsException, 409);
      assert.equal((duplicate as ResourceAlreadyExistsException).resourceId, caCertificateId);
      assert.equal((duplicate as ResourceAlreadyExistsException).resourceArn, `${ARN_PREFIX}cacert/${caCertificateId}`);

      const other = newCustomerCa('Other CA');
      await rejectsWith(
        iot.send(new RegisterCACertificateCommand({ caCertificate: other.certificatePem })),
        InvalidRequestException,
        400,
        /verificationCertificate is required/,
      );
      await rejectsWith(
        iot.send(
          new RegisterCACertificateCommand({
            caCertificate: other.certificatePem,
            verificationCertificate: signedBy(other, 'not-the-registration-code'),
          }),
        ),
        CertificateValidationException,
        400,
        /registration code/,
      );
      await rejectsWith(
        iot.send(
          new RegisterCACertificateCommand({ caCertificate: signedBy(ca, 'leaf'), certificateMode: 'SNI_ONLY' }),
        ),
        CertificateValidationException,
        400,
        /not a CA certificate/,
      );
      await rejectsWith(
        iot.send(
          new RegisterCACertificateCommand({
            caCertificate: other.certificatePem,
            certificateMode: 'SOMETIMES' as never,
          }),
        ),
        InvalidRequestException,
        400,
        /certificateMode must be one of DEFAULT, SNI_ONLY/,
      );
      await rejectsWith(
        iot.send(new DescribeCACertificateCommand({ certificateId: UNKNOWN_ID })),
        ResourceNotFoundException,
        404,
      );
    });

    test('UpdateCACertificate changes status, auto-registration and config; DeleteCACertificate only when INACTIVE', async () => {
      const caCertificateId = await registerCa(newCustomerCa('Changing CA'), { allowAutoRegistration: true });
      await iot.send(
        new UpdateCACertificateCommand({
          certificateId: caCertificateId,
          newAutoRegistrationStatus: 'DISABLE',
          registrationConfig: { templateName: 'later' },
        }),
      );
      let described = await iot.send(new DescribeCACertificateCommand({ certificateId: caCertificateId }));
      assert.equal(described.certificateDescription?.status, 'ACTIVE');
      assert.equal(described.certificateDescription?.autoRegistrationStatus, 'DISABLE');
      assert.deepEqual(described.registrationConfig, { templateName: 'later' });

      await rejectsWith(
        iot.send(new DeleteCACertificateCommand({ certificateId: caCertificateId })),
        CertificateStateException,
        406,
        /ACTIVE/,
      );
      await rejectsWith(
        iot.send(new UpdateCACertificateCommand({ certificateId: caCertificateId, newStatus: 'REVOKED' as never })),
        InvalidRequestException,
        400,
        /newStatus must be one of ACTIVE, INACTIVE/,
      );

      notified.length = 0;
      await iot.send(
        new UpdateCACertificateCommand({
          certificateId: caCertificateId,
          newStatus: 'INACTIVE',
          removeAutoRegistration: true,
        }),
      );
      assert.deepEqual(notified, [{ kind: 'ca', caCertificateId }]);
      described = await iot.send(new DescribeCACertificateCommand({ certificateId: caCertificateId }));
      assert.equal(described.certificateDescription?.status, 'INACTIVE');
      assert.equal(described.certificateDescription?.customerVersion, 3);
      assert.equal(described.registrationConfig, undefined);

      const deleted = await iot.send(new DeleteCACertificateCommand({ certificateId: caCertificateId }));
      assert.equal(deleted.$metadata.httpStatusCode, 200);
      await rejectsWith(
        iot.send(new DescribeCACertificateCommand({ certificateId: caCertificateId })),
        ResourceNotFoundException,
        404,
      );
      await rejectsWith(
        iot.send(new DeleteCACertificateCommand({ certificateId: caCertificateId })),
        ResourceNotFoundException,
        404,
      );
    });

    test('ListCACertificates pages with pageSize and marker in both orders (also through the SDK paginator)', async () => {
      for (const name of ['Paging CA 1', 'Paging CA 2', 'Paging CA 3']) await registerCa(newCustomerCa(name));
      const everything = await iot.send(new ListCACertificatesCommand({ pageSize: 250 }));
      const all = (everything.certificates ?? []).map((ca) => ca.certificateId);
      assert.ok(all.length >= 3);
      assert.equal(everything.nextMarker, undefined);

      const descending: Array<string | undefined> = [];
      for await (const page of paginateListCACertificates({ client: iot, pageSize: 2 }, {})) {
        assert.ok((page.certificates ?? []).length <= 2);
        descending.push(...(page.certificates ?? []).map((ca) => ca.certificateId));
      }
      assert.deepEqual(descending, all);

      const ascending: Array<string | undefined> = [];
      let marker: string | undefined;
      do {
        const page = await iot.send(new ListCACertificatesCommand({ pageSize: 2, marker, ascendingOrder: true }));
        const ids = (page.certificates ?? []).map((ca) => ca.certificateId);
        assert.equal(ids.length, page.nextMarker ? 2 : ids.length);
        ascending.push(...ids);
        marker = page.nextMarker;
      } while (marker);
      assert.deepEqual(ascending, [...all].reverse());
      const item = everything.certificates?.[0];
      assert.equal(item?.certificateArn, `${ARN_PREFIX}cacert/${item?.certificateId}`);
      assert.ok(item?.creationDate instanceof Date);
    });

    test('ListCACertificates refuses templateName filtering and bad paging input', async () => {
      await rejectsWith(
        iot.send(new ListCACertificatesCommand({ templateName: 'acme-template' })),
        InvalidRequestException,
        400,
        /templateName is not supported/,
      );
      await rejectsWith(
        iot.send(new ListCACertificatesCommand({ pageSize: 251 })),
        InvalidRequestException,
        400,
        /pageSize must be an integer from 1 to 250/,
      );
    });
  });

  describe('RegisterCertificate', () => {
    test('registers a certificate of a registered CA with its status; ListCertificatesByCA lists it', async () => {
      const ca = newCustomerCa('Fleet CA');
      const caCertificateId = await registerCa(ca);
      const devicePem = signedBy(ca, 'fleet-device-1');
      const registered = await iot.send(
        new RegisterCertificateCommand({
          certificatePem: devicePem,
          caCertificatePem: ca.certificatePem,
          status: 'ACTIVE',
        }),
      );
      assert.equal(registered.certificateId, fingerprintOf(devicePem));
      assert.equal(registered.certificateArn, `${ARN_PREFIX}cert/${registered.certificateId}`);
      const description = await describeCertificate(registered.certificateId ?? '');
      assert.equal(description.status, 'ACTIVE');
      assert.equal(description.caCertificateId, caCertificateId);
      assert.equal(description.certificatePem, devicePem);

      // Without caCertificatePem the CA is found by issuer; the deprecated setAsActive query still works.
      const second = signedBy(ca, 'fleet-device-2');
      const byIssuer = await iot.send(new RegisterCertificateCommand({ certificatePem: second, setAsActive: true }));
      assert.equal((await describeCertificate(byIssuer.certificateId ?? '')).status, 'ACTIVE');
      const third = await iot.send(new RegisterCertificateCommand({ certificatePem: signedBy(ca, 'fleet-device-3') }));
      assert.equal((await describeCertificate(third.certificateId ?? '')).status, 'INACTIVE');

      const pages: Array<string | undefined>[] = [];
      let marker: string | undefined;
      do {
        const page = await iot.send(
          new ListCertificatesByCACommand({ caCertificateId, pageSize: 2, marker, ascendingOrder: true }),
        );
        pages.push((page.certificates ?? []).map((certificate) => certificate.certificateId));
        marker = page.nextMarker;
      } while (marker);
      assert.deepEqual(
        pages.map((page) => page.length),
        [2, 1],
      );
      const newestFirst = await iot.send(new ListCertificatesByCACommand({ caCertificateId, pageSize: 250 }));
      assert.deepEqual(
        pages.flat(),
        (newestFirst.certificates ?? []).map((certificate) => certificate.certificateId).reverse(),
      );
      assert.deepEqual(
        pages.flat().sort(),
        [registered.certificateId, byIssuer.certificateId, third.certificateId].sort(),
      );
    });

    test('refusals: duplicate, bad PEM, unregistered CA, inactive CA, bad status', async () => {
      const ca = newCustomerCa('Strict CA');
      await registerCa(ca);
      const devicePem = signedBy(ca, 'strict-device');
      const { certificateId } = await iot.send(new RegisterCertificateCommand({ certificatePem: devicePem }));
      const duplicate = await rejectsWith(
        iot.send(new RegisterCertificateCommand({ certificatePem: devicePem })),
        ResourceAlreadyExistsException,
        409,
        /already registered/,
      );
      assert.equal((duplicate as ResourceAlreadyExistsException).resourceId, certificateId);
      assert.equal((duplicate as ResourceAlreadyExistsException).resourceArn, `${ARN_PREFIX}cert/${certificateId}`);

      await rejectsWith(
        iot.send(
          new RegisterCertificateCommand({
            certificatePem: '-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----',
          }),
        ),
        CertificateValidationException,
        400,
        /certificatePem is not a valid certificate/,
      );
      await rejectsWith(
        iot.send(new RegisterCertificateCommand({ certificatePem: signedBy(newCustomerCa('Stranger CA'), 'stray') })),
        CertificateValidationException,
        400,
        /not registered/,
      );
      const dormant = newCustomerCa('Dormant CA');
      await registerCa(dormant, { setAsActive: false });
      await rejectsWith(
        iot.send(new RegisterCertificateCommand({ certificatePem: signedBy(dormant, 'dormant-device') })),
        CertificateStateException,
        406,
        /INACTIVE/,
      );
      await rejectsWith(
        iot.send(
          new RegisterCertificateCommand({
            certificatePem: signedBy(ca, 'pending-device'),
            status: 'PENDING_TRANSFER',
          }),
        ),
        InvalidRequestException,
        400,
        /status PENDING_TRANSFER cannot be set/,
      );
    });

    test('RegisterCertificateWithoutCA registers a self-signed certificate in SNI_ONLY mode', async () => {
      const pem = selfSigned('sni-device');
      const registered = await iot.send(
        new RegisterCertificateWithoutCACommand({ certificatePem: pem, status: 'ACTIVE' }),
      );
      assert.equal(registered.certificateId, fingerprintOf(pem));
      const description = await describeCertificate(registered.certificateId ?? '');
      assert.equal(description.certificateMode, 'SNI_ONLY');
      assert.equal(description.status, 'ACTIVE');
      assert.equal(description.caCertificateId, undefined);
      await rejectsWith(
        iot.send(new RegisterCertificateWithoutCACommand({ certificatePem: pem })),
        ResourceAlreadyExistsException,
        409,
      );
      await rejectsWith(
        iot.send(new RegisterCertificateWithoutCACommand({ certificatePem: 'garbage' })),
        CertificateValidationException,
        400,
      );
    });
  });

  describe('UpdateCertificate', () => {
    test('moves between ACTIVE and INACTIVE, then REVOKED for good; changes are announced', async () => {
      const certificateId = await newCertificate();
      notified.length = 0;
      await iot.send(new UpdateCertificateCommand({ certificateId, newStatus: 'ACTIVE' }));
      assert.equal((await describeCertificate(certificateId)).status, 'ACTIVE');
      await iot.send(new UpdateCertificateCommand({ certificateId, newStatus: 'INACTIVE' }));
      await iot.send(new UpdateCertificateCommand({ certificateId, newStatus: 'INACTIVE' }));
      await iot.send(new UpdateCertificateCommand({ certificateId, newStatus: 'REVOKED' }));
      const description = await describeCertificate(certificateId);
      assert.equal(description.status, 'REVOKED');
      assert.equal(description.customerVersion, 4);
      assert.ok((description.lastModifiedDate?.getTime() ?? 0) >= (description.creationDate?.getTime() ?? Infinity));
      assert.deepEqual(notified, [
        { kind: 'certificate', certificateId },
        { kind: 'certificate', certificateId },
        { kind: 'certificate', certificateId },
      ]);
      await rejectsWith(
        iot.send(new UpdateCertificateCommand({ certificateId, newStatus: 'ACTIVE' })),
        CertificateStateException,
        406,
        /REVOKED/,
      );
    });

    test('a bad or missing newStatus, a malformed id and an unknown id are refused', async () => {
      const certificateId = await newCertificate();
      await rejectsWith(
        iot.send(new UpdateCertificateCommand({ certificateId, newStatus: 'BOGUS' as never })),
        InvalidRequestException,
        400,
        /newStatus must be one of ACTIVE, INACTIVE, REVOKED, REGISTER_INACTIVE/,
      );
      await rejectsWith(
        iot.send(new UpdateCertificateCommand({ certificateId, newStatus: 'PENDING_ACTIVATION' })),
        InvalidRequestException,
        400,
        /cannot be set by a request/,
      );
      await rejectsWith(
        iot.send(new UpdateCertificateCommand({ certificateId, newStatus: undefined as never })),
        InvalidRequestException,
        400,
        /newStatus/,
      );
      await rejectsWith(
        iot.send(new UpdateCertificateCommand({ certificateId: 'not-hex', newStatus: 'ACTIVE' })),
        InvalidRequestException,
        400,
        /certificateId must be 64 hexadecimal characters/,
      );
      await rejectsWith(
        iot.send(new UpdateCertificateCommand({ certificateId: UNKNOWN_ID, newStatus: 'ACTIVE' })),
        ResourceNotFoundException,
        404,
        new RegExp(`Certificate ${UNKNOWN_ID} does not exist`),
      );
      assert.equal((await describeCertificate(certificateId)).status, 'INACTIVE');
    });
  });

  describe('DeleteCertificate', () => {
    test('an ACTIVE certificate is CertificateStateException 406 and stays', async () => {
      const certificateId = await newCertificate(true);
      await rejectsWith(
        iot.send(new DeleteCertificateCommand({ certificateId })),
        CertificateStateException,
        406,
        /ACTIVE/,
      );
      assert.equal((await describeCertificate(certificateId)).status, 'ACTIVE');
    });

    test('attached policies need forceDelete, which detaches them; an attached thing always refuses', async () => {
      const certificateId = await newCertificate();
      const arn = arns.certificate(certificateId);
      attached.policies.add(arn);
      attached.things.add(arn);
      await rejectsWith(
        iot.send(new DeleteCertificateCommand({ certificateId, forceDelete: true })),
        DeleteConflictException,
        409,
        /attached to one or more things/,
      );
      attached.things.delete(arn);
      await rejectsWith(
        iot.send(new DeleteCertificateCommand({ certificateId })),
        DeleteConflictException,
        409,
        /forceDelete/,
      );
      const deleted = await iot.send(new DeleteCertificateCommand({ certificateId, forceDelete: true }));
      assert.equal(deleted.$metadata.httpStatusCode, 200);
      assert.deepEqual(attached.detached, [arn]);
      await rejectsWith(iot.send(new DescribeCertificateCommand({ certificateId })), ResourceNotFoundException, 404);
    });

    test('an INACTIVE certificate without attachments is deleted; deleting it again is ResourceNotFoundException', async () => {
      const certificateId = await newCertificate();
      await iot.send(new DeleteCertificateCommand({ certificateId }));
      await rejectsWith(iot.send(new DeleteCertificateCommand({ certificateId })), ResourceNotFoundException, 404);
    });
  });

  describe('ListCertificates', () => {
    test('pages with pageSize and marker, newest first or ascending, each item shaped as AWS lists it', async () => {
      const created = [
        await newCertificate(),
        await newCertificate(true),
        await newCertificate(),
        await newCertificate(),
      ];
      const everything = await iot.send(new ListCertificatesCommand({ pageSize: 250 }));
      assert.equal(everything.nextMarker, undefined);
      const all = (everything.certificates ?? []).map((certificate) => certificate.certificateId);
      for (const id of created) assert.ok(all.includes(id), `${id} listed`);

      const descending: Array<string | undefined> = [];
      let pages = 0;
      for await (const page of paginateListCertificates({ client: iot, pageSize: 3 }, {})) {
        pages += 1;
        const ids = (page.certificates ?? []).map((certificate) => certificate.certificateId);
        assert.equal(ids.length, page.nextMarker ? 3 : ids.length);
        descending.push(...ids);
      }
      assert.deepEqual(descending, all);
      assert.equal(pages, Math.ceil(all.length / 3));

      const ascending: Array<string | undefined> = [];
      let marker: string | undefined;
      do {
        const page = await iot.send(new ListCertificatesCommand({ pageSize: 3, marker, ascendingOrder: true }));
        ascending.push(...(page.certificates ?? []).map((certificate) => certificate.certificateId));
        marker = page.nextMarker;
      } while (marker);
      assert.deepEqual(ascending, [...all].reverse());

      const active = everything.certificates?.find((certificate) => certificate.certificateId === created[1]);
      assert.equal(active?.status, 'ACTIVE');
      assert.equal(active?.certificateArn, `${ARN_PREFIX}cert/${created[1]}`);
      assert.equal(active?.certificateMode, 'DEFAULT');
      assert.ok(active?.creationDate instanceof Date);
    });

    test('a page size outside 1–250 or a marker it did not hand out is InvalidRequestException', async () => {
      for (const pageSize of [0, 251]) {
        await rejectsWith(
          iot.send(new ListCertificatesCommand({ pageSize })),
          InvalidRequestException,
          400,
          /pageSize must be an integer from 1 to 250/,
        );
      }
      await rejectsWith(
        iot.send(new ListCertificatesCommand({ marker: 'made-up' })),
        InvalidRequestException,
        400,
        /marker/,
      );
      await rejectsWith(
        iot.send(new ListCertificatesByCACommand({ caCertificateId: 'nope' })),
        InvalidRequestException,
        400,
        /caCertificateId must be 64 hexadecimal characters/,
      );
    });
  });

  describe('AWS CLI', () => {
    const awsCli = findAwsCli();
    test('aws iot create-keys-and-certificate --set-as-active creates an ACTIVE certificate', {
      skip: awsCli ? false : AWS_CLI_MISSING,
    }, async () => {
      const stdout = await runAwsCli(
        awsCli as string,
        { endpoint, caPath: pki.ca.certificatePath, home: dir.path, credentials: KEY },
        ['iot', 'create-keys-and-certificate', '--set-as-active'],
      );
      const output = JSON.parse(stdout);
      assert.deepEqual(Object.keys(output).sort(), ['certificateArn', 'certificateId', 'certificatePem', 'keyPair']);
      assert.equal(output.certificateId, fingerprintOf(output.certificatePem));
      assert.ok(
        new X509Certificate(output.certificatePem).checkPrivateKey(createPrivateKey(output.keyPair.PrivateKey)),
      );
      assert.equal((await describeCertificate(output.certificateId)).status, 'ACTIVE');
    });
  });
});
