import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { Broker } from '../broker.js';
import type { BrokerHooks, BrokerLogger, BrokerOptions } from '../types.js';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string | undefined;
}

/**
 * A logger that records every line; `logged(msg, count)` resolves once a line with that message
 * has been logged `count` times in total (awaiting log events instead of sleeping).
 */
export function captureLogger(): {
  logger: BrokerLogger;
  lines: LogLine[];
  logged(msg: string, count?: number): Promise<void>;
} {
  const lines: LogLine[] = [];
  let waiters: Array<() => boolean> = [];
  const at =
    (level: LogLine['level']) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, obj: obj as Record<string, unknown>, msg });
      waiters = waiters.filter((settled) => !settled());
    };
  const logged = (msg: string, count = 1): Promise<void> =>
    new Promise((resolve) => {
      const settled = (): boolean => {
        if (lines.filter((line) => line.msg === msg).length < count) return false;
        resolve();
        return true;
      };
      if (!settled()) waiters.push(settled);
    });
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines, logged };
}

export interface TcpBroker {
  broker: Broker;
  url: string;
  close(): Promise<void>;
}

/** A broker behind a real TCP server on 127.0.0.1, random port. */
export async function startTcpBroker(
  options: Partial<BrokerOptions> = {},
  hooks: BrokerHooks = {},
  logger?: BrokerLogger,
): Promise<TcpBroker> {
  const broker = new Broker(options, hooks, logger);
  const server = createServer((socket) =>
    broker.handle(socket, { transport: 'tcp', remoteAddress: socket.remoteAddress }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    broker,
    url: `mqtt://127.0.0.1:${port}`,
    async close() {
      await broker.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An mqtt.js client that does not reconnect. */
export function connectMqtt(url: string, options: IClientOptions): Promise<MqttClient> {
  return mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5000, ...options });
}

/** Resolves with the next message on `client`. */
export function nextMessage(
  client: MqttClient,
): Promise<{ topic: string; payload: Buffer; packet: mqtt.IPublishPacket }> {
  return new Promise((resolve) => {
    client.once('message', (topic, payload, packet) => resolve({ topic, payload, packet }));
  });
}
