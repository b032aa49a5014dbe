import type { LiveClientFrame, LiveServerFrame } from '@meridian/contracts';
import type { LiveTransport, LiveTransportFactory, LiveTransportHandlers } from '../lib/live-socket';

/** One fake WebSocket connection: records what the client sends, lets the test play the server. */
export class FakeLiveConnection implements LiveTransport {
  readonly sent: LiveClientFrame[] = [];
  closedWith: { code?: number; reason?: string } | null = null;

  constructor(
    readonly url: string,
    private readonly handlers: LiveTransportHandlers,
  ) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data) as LiveClientFrame);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
  }

  /** Server side: accept the connection. */
  open(): void {
    this.handlers.onOpen();
  }

  /** Server side: send a frame (or raw text). */
  receive(frame: LiveServerFrame | string): void {
    this.handlers.onMessage(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Server side: close the connection. */
  serverClose(code = 1006, reason = ''): void {
    this.handlers.onClose(code, reason);
  }
}

export function createFakeTransport() {
  const connections: FakeLiveConnection[] = [];
  const factory: LiveTransportFactory = (url, handlers) => {
    const connection = new FakeLiveConnection(url, handlers);
    connections.push(connection);
    return connection;
  };
  return {
    factory,
    connections,
    /** The most recent connection. */
    latest(): FakeLiveConnection {
      const connection = connections.at(-1);
      if (!connection) throw new Error('no connection was opened');
      return connection;
    },
  };
}
