import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import tls from 'node:tls';
import { tempDir } from '@meridian/test-utils';
import { createCertificateAuthority, issueDeviceCertificate, loadOrCreatePki, type Pki } from './index.js';

interface ClientOutcome {
  secureConnected: boolean;
  authorized: boolean;
  received: string;
  /** the server closed the connection (TLS 1.3: the handshake completes on the client before the server checks) */
  ended: boolean;
  error: (Error & { code?: string }) | undefined;
}

interface ServerRejection {
  code: string | undefined;
  authorizationError: string | undefined;
}

/** Connects, reads until the connection closes, and reports what the client saw. */
async function runClient(options: tls.ConnectionOptions): Promise<ClientOutcome> {
  const outcome: ClientOutcome = {
    secureConnected: false,
    authorized: false,
    received: '',
    ended: false,
    error: undefined,
  };
  const socket = tls.connect(options);
  socket.setEncoding('utf8');
  socket.on('secureConnect', () => {
    outcome.secureConnected = true;
    outcome.authorized = socket.authorized;
  });
  socket.on('data', (chunk: string) => {
    outcome.received += chunk;
  });
  socket.on('end', () => {
    outcome.ended = true;
  });
  socket.on('error', (error) => {
    outcome.error = error;
  });
  // Not events.once(): it rejects on 'error', and an error is an expected outcome here.
  await new Promise((resolve) => socket.on('close', resolve));
  return outcome;
}

describe('mutual TLS with the PKI', () => {
  let temp: { path: string; remove: () => Promise<void> };
  let pki: Pki;
  let server: tls.Server;
  let port: number;
  const accepted: string[] = [];
  let onRejection: ((rejection: ServerRejection) => void) | undefined;
  /** Resolves with the server's next rejected handshake (tlsClientError). */
  const nextRejection = () =>
    new Promise<ServerRejection>((resolve) => {
      onRejection = resolve;
    });

  before(async () => {
    temp = await tempDir('meridian-certs-tls-');
    pki = await loadOrCreatePki({ dir: temp.path });
    server = tls.createServer({
      key: pki.server.privateKeyPem,
      cert: pki.server.certificatePem,
      ca: [pki.ca.certificatePem],
      requestCert: true,
      rejectUnauthorized: true,
    });
    server.on('secureConnection', (socket) => {
      const subject = socket.getPeerCertificate().subject;
      const commonName = String(subject.CN);
      accepted.push(commonName);
      socket.end(`hello ${commonName}`);
    });
    server.on('tlsClientError', (error: Error & { code?: string }, socket) => {
      onRejection?.({ code: error.code, authorizationError: socket.authorizationError?.toString() });
      onRejection = undefined;
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    server.close();
    await once(server, 'close');
    await temp.remove();
  });

  it('accepts a client with a device certificate issued by the CA', async () => {
    const device = await issueDeviceCertificate(pki.ca, { commonName: 'thing-tls' });
    const outcome = await runClient({
      host: '127.0.0.1',
      port,
      servername: 'localhost',
      ca: [pki.ca.certificatePem],
      key: device.privateKeyPem,
      cert: device.certificatePem,
    });
    assert.equal(outcome.error, undefined);
    assert.equal(outcome.secureConnected, true);
    assert.equal(outcome.authorized, true); // the client also verified the server certificate against the CA
    assert.equal(outcome.received, 'hello thing-tls');
    assert.deepEqual(accepted, ['thing-tls']);
  });

  it('accepts an RSA device certificate too', async () => {
    const device = await issueDeviceCertificate(pki.ca, { commonName: 'thing-rsa', keyType: 'rsa-2048' });
    const outcome = await runClient({
      host: '127.0.0.1',
      port,
      servername: 'localhost',
      ca: [pki.ca.certificatePem],
      key: device.privateKeyPem,
      cert: device.certificatePem,
    });
    assert.equal(outcome.error, undefined);
    assert.equal(outcome.authorized, true);
    assert.equal(outcome.received, 'hello thing-rsa');
  });

  it('rejects a client whose certificate comes from another CA', async () => {
    const otherCa = await createCertificateAuthority({ commonName: 'Impostor CA' });
    const device = await issueDeviceCertificate(otherCa, { commonName: 'impostor' });
    const rejected = nextRejection();
    const outcome = await runClient({
      host: '127.0.0.1',
      port,
      servername: 'localhost',
      ca: [pki.ca.certificatePem],
      key: device.privateKeyPem,
      cert: device.certificatePem,
    });
    // The server drops the connection after verifying the client certificate: the client sees it closed
    // (or an error), never the greeting.
    assert.ok(outcome.error !== undefined || outcome.ended, 'the client sees an error or the connection closed');
    assert.equal(outcome.received, '');
    assert.equal((await rejected).authorizationError, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    assert.ok(!accepted.includes('impostor'));
  });

  it('rejects a client without a certificate', async () => {
    const rejected = nextRejection();
    const outcome = await runClient({ host: '127.0.0.1', port, servername: 'localhost', ca: [pki.ca.certificatePem] });
    assert.ok(outcome.error, 'the client sees an error');
    assert.match(`${outcome.error.code} ${outcome.error.message}`, /certificate required|handshake failure/i);
    assert.equal(outcome.received, '');
    assert.equal((await rejected).code, 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE');
  });

  it('the client refuses the server when it does not trust the CA', async () => {
    const device = await issueDeviceCertificate(pki.ca, { commonName: 'careful-thing' });
    const otherCa = await createCertificateAuthority();
    const outcome = await runClient({
      host: '127.0.0.1',
      port,
      servername: 'localhost',
      ca: [otherCa.certificatePem],
      key: device.privateKeyPem,
      cert: device.certificatePem,
    });
    assert.equal(outcome.secureConnected, false);
    assert.ok(outcome.error);
    assert.match(
      outcome.error.code ?? '',
      /SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/,
    );
  });
});
