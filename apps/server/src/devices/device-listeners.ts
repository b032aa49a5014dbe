import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { type AddressInfo, createServer as createTcpServer, type Socket, type Server as TcpServer } from 'node:net';
import { createServer as createTlsServer, type TLSSocket, type Server as TlsServer } from 'node:tls';
import type { Broker } from '@meridian/broker';
import type { FastifyBaseLogger } from 'fastify';
import { createWebSocketStream, WebSocketServer } from 'ws';
import { peerCertificate } from './peer-certificate.js';

export const MQTT_WEBSOCKET_PATH = '/mqtt';

export interface DeviceTlsMaterial {
  caCertificatePem: string;
  serverCertificatePem: string;
  serverPrivateKeyPem: string;
}

export interface DeviceListenerPorts {
  mqtts: number;
  wss: number;
  mqttTcp: number | null;
}

/**
 * Every device transport requests a client certificate, and the handshake proves that the client holds its private
 * key. The issuer is not checked here (`rejectUnauthorized: false`): devices may use certificates of registered CAs
 * or registered without a CA, and unknown ones of auto-registering CAs must reach just-in-time registration. Which
 * certificate may connect is decided at CONNECT (authenticate-device.ts); a handshake without a certificate is
 * closed at once. `ca` only tells clients which CA the platform issues from.
 */
function mutualTlsOptions(material: DeviceTlsMaterial) {
  return {
    key: material.serverPrivateKeyPem,
    cert: material.serverCertificatePem,
    ca: [material.caCertificatePem],
    requestCert: true,
    rejectUnauthorized: false,
    minVersion: 'TLSv1.2' as const,
    // MQTT packets are small and the broker already sends each tick's writes together: Nagle's
    // algorithm would only hold them back (until the client's delayed ACK) and add latency.
    noDelay: true,
  };
}

/** Serves the HTTPS requests (not WebSocket upgrades) that arrive on the WSS port: the device HTTPS endpoint. */
export type DeviceHttpsHandler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * The MQTT/TLS, MQTT/WSS and (optional) plain-TCP listeners that hand connections to the broker. The
 * WSS port also answers plain HTTPS requests with `https` when given (AWS serves both on 8443).
 */
export class DeviceListeners {
  private readonly mqtts: TlsServer;
  private readonly wssHttps: HttpsServer;
  private readonly wss: WebSocketServer;
  private readonly tcp: TcpServer | null;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly broker: Broker,
    material: DeviceTlsMaterial,
    private readonly log: FastifyBaseLogger,
    enablePlainTcp: boolean,
    https?: DeviceHttpsHandler,
  ) {
    this.mqtts = createTlsServer(mutualTlsOptions(material), (socket) => {
      this.track(socket);
      const certificate = this.requireCertificate(socket, 'mqtts');
      if (certificate) broker.handle(socket, { transport: 'tls', remoteAddress: socket.remoteAddress, ...certificate });
    });
    this.mqtts.on('tlsClientError', (error, socket) => {
      log.info({ remoteAddress: socket.remoteAddress, reason: error.message }, 'mqtts handshake refused');
    });
    this.mqtts.on('connection', (socket: Socket) => this.track(socket));

    this.wssHttps = createHttpsServer(mutualTlsOptions(material), (request, response) => {
      const path = (request.url ?? '').split('?')[0];
      if (https !== undefined && path !== MQTT_WEBSOCKET_PATH) {
        https(request, response);
        return;
      }
      response
        .writeHead(426, { 'content-type': 'text/plain' })
        .end(`Connect with MQTT over WebSocket at ${MQTT_WEBSOCKET_PATH}\n`);
    });
    this.wssHttps.on('tlsClientError', (error, socket) => {
      log.info({ remoteAddress: socket.remoteAddress, reason: error.message }, 'wss handshake refused');
    });
    this.wssHttps.on('connection', (socket: Socket) => this.track(socket));
    this.wssHttps.on('secureConnection', (socket: TLSSocket) => this.requireCertificate(socket, 'wss'));
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: 512 * 1024,
      handleProtocols: (protocols) => (protocols.has('mqtt') ? 'mqtt' : protocols.has('mqttv3.1') ? 'mqttv3.1' : false),
    });
    this.wssHttps.on('upgrade', (request, socket, head) => {
      const path = (request.url ?? '').split('?')[0];
      if (path !== MQTT_WEBSOCKET_PATH) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        const stream = createWebSocketStream(ws);
        stream.on('error', (error) => log.debug({ reason: error.message }, 'wss stream error'));
        const tlsSocket = socket as TLSSocket;
        broker.handle(stream, {
          transport: 'wss',
          remoteAddress: tlsSocket.remoteAddress,
          ...peerCertificate(tlsSocket),
        });
      });
    });

    this.tcp = enablePlainTcp
      ? createTcpServer({ noDelay: true }, (socket) => {
          this.track(socket);
          broker.handle(socket, { transport: 'tcp', remoteAddress: socket.remoteAddress });
        })
      : null;
  }

  /** The socket's client certificate; a socket without one is closed (no anonymous device access). */
  private requireCertificate(socket: TLSSocket, listener: 'mqtts' | 'wss') {
    const certificate = peerCertificate(socket);
    if (!certificate) {
      this.log.info(
        { remoteAddress: socket.remoteAddress },
        `${listener} connection without a client certificate closed`,
      );
      socket.destroy();
    }
    return certificate;
  }

  private track(socket: Socket): void {
    if (this.sockets.has(socket)) return;
    this.sockets.add(socket);
    socket.on('error', (error) => this.log.debug({ reason: error.message }, 'device socket error'));
    socket.once('close', () => this.sockets.delete(socket));
  }

  async listen(
    host: string,
    ports: { mqtts: number; wss: number; mqttTcp: number | null },
  ): Promise<DeviceListenerPorts> {
    const listen = (server: TcpServer, port: number) =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    return {
      mqtts: await listen(this.mqtts, ports.mqtts),
      wss: await listen(this.wssHttps, ports.wss),
      mqttTcp: this.tcp && ports.mqttTcp !== null ? await listen(this.tcp, ports.mqttTcp) : null,
    };
  }

  /** Stop accepting; the broker closes the MQTT sessions; anything still open (handshakes) is destroyed. */
  async close(): Promise<void> {
    const closeServer = (server: TcpServer) =>
      new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    const closing = [closeServer(this.mqtts), closeServer(this.wssHttps), ...(this.tcp ? [closeServer(this.tcp)] : [])];
    this.wss.close();
    await this.broker.close();
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(closing);
  }
}
