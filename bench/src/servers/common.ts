import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';

/**
 * Shared part of the broker server scripts: listens on 127.0.0.1 port 0 (plain TCP, or TLS with
 * client certificates when `--tls-dir <dir>` is given), prints `{"port":N}` on stdout, answers
 * `gc` on stdin (needs --expose-gc) and exits on SIGTERM/SIGINT or stdin end.
 */
export function serve(
  name: string,
  onConnection: (socket: Duplex, secure: boolean, remoteAddress: string | undefined) => void,
  close: () => Promise<void>,
): void {
  const argv = process.argv.slice(2);
  const tlsIndex = argv.indexOf('--tls-dir');
  const tlsDir = tlsIndex >= 0 ? argv[tlsIndex + 1] : undefined;

  let server: net.Server;
  if (tlsDir !== undefined) {
    server = tls.createServer(
      {
        ca: readFileSync(path.join(tlsDir, 'ca.pem')),
        cert: readFileSync(path.join(tlsDir, 'server.pem')),
        key: readFileSync(path.join(tlsDir, 'server.key')),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (socket) => onConnection(socket, true, socket.remoteAddress),
    );
    server.on('tlsClientError', () => {});
  } else {
    server = net.createServer((socket) => {
      socket.setNoDelay(true);
      onConnection(socket, false, socket.remoteAddress);
    });
  }
  server.maxConnections = 100_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address() as net.AddressInfo;
    process.stdout.write(`${JSON.stringify({ name, port: address.port, pid: process.pid })}\n`);
  });

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.close();
    const timer = setTimeout(() => process.exit(0), 1500);
    close()
      .catch(() => {})
      .finally(() => {
        clearTimeout(timer);
        process.exit(0);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) {
      if (line.trim() === 'gc') {
        const gc = (globalThis as { gc?: () => void }).gc;
        if (gc !== undefined) {
          gc();
          gc();
        }
        process.stdout.write('gc-done\n');
      } else if (line.trim() === 'stop') {
        stop();
      }
    }
  });
  process.stdin.on('end', stop);
}
