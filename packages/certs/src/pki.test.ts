import assert from 'node:assert/strict';
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { chmod, copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { tempDir } from '@meridian/test-utils';
import { commonNameOnly, generateKeys, loadSigner, signLeafCertificate, toPem } from './authority.js';
import { certificateId, createCertificateAuthority, loadOrCreatePki } from './index.js';
import { keyUsages, parseWithExtensions, x509 } from './test-helpers.js';

const DAY_MS = 86_400_000;

async function mode(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

function sans(pem: string): string[] {
  return (new X509Certificate(pem).subjectAltName ?? '').split(', ');
}

describe('loadOrCreatePki', () => {
  let temp: { path: string; remove: () => Promise<void> };
  let dir: string;
  beforeEach(async () => {
    temp = await tempDir('meridian-certs-');
    dir = join(temp.path, 'nested', 'pki');
  });
  afterEach(async () => {
    await temp.remove();
  });

  it('creates a CA and a server certificate in an empty (not yet existing) folder', async () => {
    const pki = await loadOrCreatePki({ dir, hostNames: ['iot.example.test', '192.0.2.10', '2001:db8::7'] });
    assert.deepEqual(pki.created, { ca: true, server: true });
    assert.equal(pki.ca.certificatePath, join(dir, 'ca.crt'));
    assert.equal(pki.ca.privateKeyPath, join(dir, 'ca.key'));
    assert.equal(pki.server.certificatePath, join(dir, 'server.crt'));
    assert.equal(pki.server.privateKeyPath, join(dir, 'server.key'));
    assert.equal(await readFile(pki.ca.certificatePath, 'utf8'), pki.ca.certificatePem);
    assert.equal(await readFile(pki.ca.privateKeyPath, 'utf8'), pki.ca.privateKeyPem);
    assert.equal(await readFile(pki.server.certificatePath, 'utf8'), pki.server.certificatePem);
    assert.equal(await readFile(pki.server.privateKeyPath, 'utf8'), pki.server.privateKeyPem);

    // CA: self-signed root, EC P-256, CA:true critical, keyCertSign + cRLSign, SKI, ~10 years.
    const ca = new X509Certificate(pki.ca.certificatePem);
    assert.equal(ca.ca, true);
    assert.equal(ca.subject, 'CN=Meridian IoT Root CA');
    assert.equal(ca.issuer, ca.subject);
    assert.ok(ca.checkIssued(ca));
    assert.ok(ca.verify(ca.publicKey));
    assert.ok(ca.checkPrivateKey(createPrivateKey(pki.ca.privateKeyPem)));
    assert.equal(ca.publicKey.asymmetricKeyType, 'ec');
    assert.equal(ca.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    const caYears = (Date.parse(ca.validTo) - Date.now()) / (365.25 * DAY_MS);
    assert.ok(caYears > 9.99 && caYears < 10.01, `CA validity ${caYears} years`);
    const caDetails = parseWithExtensions(pki.ca.certificatePem);
    const basicConstraints = caDetails.getExtension(x509.BasicConstraintsExtension);
    assert.equal(basicConstraints?.ca, true);
    assert.equal(basicConstraints?.critical, true);
    assert.deepEqual(keyUsages(pki.ca.certificatePem), {
      usages: x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
      critical: true,
    });
    const caKeyId = caDetails.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
    assert.match(caKeyId ?? '', /^[0-9a-f]{40}$/);
    assert.equal(pki.ca.certificateId, createHash('sha256').update(ca.raw).digest('hex'));
    assert.equal(pki.ca.certificateId, certificateId(pki.ca.certificatePem));

    // Server: issued and signed by the CA, SANs, serverAuth, 825 days, key matches.
    const server = new X509Certificate(pki.server.certificatePem);
    assert.equal(server.ca, false);
    assert.equal(server.subject, 'CN=iot.example.test');
    assert.equal(server.issuer, ca.subject);
    assert.ok(server.checkIssued(ca));
    assert.ok(server.verify(ca.publicKey));
    assert.ok(server.checkPrivateKey(createPrivateKey(pki.server.privateKeyPem)));
    assert.equal(server.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.deepEqual(sans(pki.server.certificatePem), [
      'DNS:localhost',
      'IP Address:127.0.0.1',
      'IP Address:0:0:0:0:0:0:0:1',
      'DNS:iot.example.test',
      'IP Address:192.0.2.10',
      'IP Address:2001:DB8:0:0:0:0:0:7',
    ]);
    assert.equal(server.checkHost('iot.example.test'), 'iot.example.test');
    assert.equal(server.checkIP('::1'), '::1');
    assert.deepEqual(server.keyUsage, ['1.3.6.1.5.5.7.3.1']);
    assert.deepEqual(keyUsages(pki.server.certificatePem), {
      usages: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
      critical: true,
    });
    const serverDetails = parseWithExtensions(pki.server.certificatePem);
    assert.equal(serverDetails.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId, caKeyId);
    const serverDays = (Date.parse(server.validTo) - Date.now()) / DAY_MS;
    assert.ok(serverDays > 824.99 && serverDays < 825.01, `server validity ${serverDays} days`);

    // Keys are 0600, certificates 0644.
    assert.equal(await mode(pki.ca.privateKeyPath), 0o600);
    assert.equal(await mode(pki.server.privateKeyPath), 0o600);
    assert.equal(await mode(pki.ca.certificatePath), 0o644);
    assert.equal(await mode(pki.server.certificatePath), 0o644);
  });

  it('defaults to CN=localhost with only the default SANs', async () => {
    const pki = await loadOrCreatePki({ dir });
    const server = new X509Certificate(pki.server.certificatePem);
    assert.equal(server.subject, 'CN=localhost');
    assert.deepEqual(sans(pki.server.certificatePem), [
      'DNS:localhost',
      'IP Address:127.0.0.1',
      'IP Address:0:0:0:0:0:0:0:1',
    ]);
  });

  it('reuses the files on later calls', async () => {
    const first = await loadOrCreatePki({ dir, hostNames: ['iot.example.test'] });
    const second = await loadOrCreatePki({ dir, hostNames: ['iot.example.test'] });
    assert.deepEqual(second.created, { ca: false, server: false });
    assert.equal(second.ca.certificateId, first.ca.certificateId);
    assert.equal(second.ca.certificatePem, first.ca.certificatePem);
    assert.equal(second.ca.privateKeyPem, first.ca.privateKeyPem);
    assert.equal(second.server.certificatePem, first.server.certificatePem);
    assert.equal(second.server.privateKeyPem, first.server.privateKeyPem);
    // Names already covered (a subset, other spelling/case, the defaults) do not re-issue either.
    const third = await loadOrCreatePki({ dir, hostNames: ['IOT.Example.Test.', 'localhost', '0:0::1', '[::1]'] });
    assert.deepEqual(third.created, { ca: false, server: false });
    assert.equal(third.server.certificatePem, first.server.certificatePem);
  });

  it('re-issues the server certificate, keeping the CA, when a host name is added', async () => {
    const first = await loadOrCreatePki({ dir, hostNames: ['iot.example.test'] });
    await chmod(first.server.privateKeyPath, 0o644); // an existing file keeps its mode unless it is reset
    const second = await loadOrCreatePki({ dir, hostNames: ['iot.example.test', 'broker.example.test', '10.1.2.3'] });
    assert.deepEqual(second.created, { ca: false, server: true });
    assert.equal(second.ca.certificateId, first.ca.certificateId);
    assert.equal(second.ca.certificatePem, first.ca.certificatePem);
    assert.notEqual(second.server.certificatePem, first.server.certificatePem);
    assert.notEqual(second.server.privateKeyPem, first.server.privateKeyPem);
    assert.deepEqual(sans(second.server.certificatePem).slice(3), [
      'DNS:iot.example.test',
      'DNS:broker.example.test',
      'IP Address:10.1.2.3',
    ]);
    const ca = new X509Certificate(second.ca.certificatePem);
    assert.ok(new X509Certificate(second.server.certificatePem).verify(ca.publicKey));
    assert.equal(await readFile(second.server.certificatePath, 'utf8'), second.server.certificatePem);
    assert.equal(await mode(second.server.privateKeyPath), 0o600);

    const third = await loadOrCreatePki({ dir, hostNames: ['broker.example.test'] });
    assert.deepEqual(third.created, { ca: false, server: false });
  });

  it('re-issues a server certificate that was not signed by the CA', async () => {
    const other = await tempDir('meridian-certs-other-');
    try {
      const mine = await loadOrCreatePki({ dir });
      const foreign = await loadOrCreatePki({ dir: other.path });
      await copyFile(foreign.server.certificatePath, mine.server.certificatePath);
      await copyFile(foreign.server.privateKeyPath, mine.server.privateKeyPath);
      const again = await loadOrCreatePki({ dir });
      assert.deepEqual(again.created, { ca: false, server: true });
      assert.equal(again.ca.certificateId, mine.ca.certificateId);
      const ca = new X509Certificate(again.ca.certificatePem);
      assert.ok(new X509Certificate(again.server.certificatePem).verify(ca.publicKey));
      assert.notEqual(again.server.certificatePem, foreign.server.certificatePem);
    } finally {
      await other.remove();
    }
  });

  it('re-issues an expired server certificate', async () => {
    const pki = await loadOrCreatePki({ dir });
    const keys = await generateKeys('ec-p256');
    const expired = await signLeafCertificate(await loadSigner(pki.ca), {
      subject: commonNameOnly('localhost'),
      spki: keys.spki,
      notBefore: new Date(Date.now() - 10 * DAY_MS),
      notAfter: new Date(Date.now() - DAY_MS),
      extensions: [
        new x509.SubjectAlternativeNameExtension([
          { type: 'dns', value: 'localhost' },
          { type: 'ip', value: '127.0.0.1' },
          { type: 'ip', value: '::1' },
        ]),
      ],
    });
    await writeFile(pki.server.certificatePath, toPem(expired));
    await writeFile(pki.server.privateKeyPath, keys.privateKeyPem);
    const again = await loadOrCreatePki({ dir });
    assert.deepEqual(again.created, { ca: false, server: true });
    assert.ok(Date.parse(new X509Certificate(again.server.certificatePem).validTo) > Date.now());
  });

  it('re-issues the server certificate when a server file is missing', async () => {
    const pki = await loadOrCreatePki({ dir });
    await rm(pki.server.privateKeyPath);
    const again = await loadOrCreatePki({ dir });
    assert.deepEqual(again.created, { ca: false, server: true });
    assert.equal(again.ca.certificateId, pki.ca.certificateId);
  });

  for (const file of ['ca.crt', 'ca.key', 'server.crt', 'server.key']) {
    it(`throws an error naming a corrupt ${file}`, async () => {
      await loadOrCreatePki({ dir });
      const path = join(dir, file);
      await writeFile(path, '-----BEGIN GARBAGE-----\nnot base64 at all\n');
      await assert.rejects(loadOrCreatePki({ dir }), (error: Error) => {
        assert.ok(error.message.includes(path), error.message);
        return true;
      });
      // Nothing was overwritten.
      assert.equal(await readFile(path, 'utf8'), '-----BEGIN GARBAGE-----\nnot base64 at all\n');
    });
  }

  it('throws an error naming an unreadable file', async () => {
    await loadOrCreatePki({ dir });
    const path = join(dir, 'ca.key');
    await rm(path);
    await mkdir(path); // a directory cannot be read as a file (chmod 000 would not stop root)
    await assert.rejects(loadOrCreatePki({ dir }), (error: Error) => error.message.includes(path));
  });

  it('refuses half a CA instead of replacing it', async () => {
    const pki = await loadOrCreatePki({ dir });
    await rm(pki.ca.privateKeyPath);
    await assert.rejects(loadOrCreatePki({ dir }), (error: Error) => error.message.includes(pki.ca.privateKeyPath));
    assert.equal(await readFile(pki.ca.certificatePath, 'utf8'), pki.ca.certificatePem);
  });

  it('refuses a ca.key that does not belong to ca.crt', async () => {
    const other = await tempDir('meridian-certs-other-');
    try {
      const pki = await loadOrCreatePki({ dir });
      const foreign = await loadOrCreatePki({ dir: other.path });
      await copyFile(foreign.ca.privateKeyPath, pki.ca.privateKeyPath);
      await assert.rejects(loadOrCreatePki({ dir }), (error: Error) => error.message.includes(pki.ca.privateKeyPath));
    } finally {
      await other.remove();
    }
  });

  it('refuses an expired CA instead of replacing it', async () => {
    const pki = await loadOrCreatePki({ dir });
    // validityDays this small puts notAfter at the current whole second, which is over by the time it is loaded.
    const expired = await createCertificateAuthority({ validityDays: 1e-9 });
    await writeFile(pki.ca.certificatePath, expired.certificatePem);
    await writeFile(pki.ca.privateKeyPath, expired.privateKeyPem);
    await assert.rejects(loadOrCreatePki({ dir }), (error: Error) => {
      assert.ok(error.message.includes(pki.ca.certificatePath), error.message);
      assert.match(error.message, /not valid now/);
      return true;
    });
    assert.equal(await readFile(pki.ca.certificatePath, 'utf8'), expired.certificatePem);
  });

  it('rejects an invalid host name', async () => {
    await assert.rejects(loadOrCreatePki({ dir, hostNames: ['bad host/name'] }), TypeError);
  });
});
