import type { Duplex } from 'node:stream';
import type { Packet } from 'mqtt-packet';
import type { BrokerCore } from './broker-core.js';
import { ConnectionSurface } from './connection-surface.js';
import { handlePacket } from './handlers/index.js';
import { encodePacket } from './packet-encoding.js';
import { PacketReader, type PacketSink } from './packet-reader.js';
import { ConnackReturnCode, ReasonCode } from './reason-codes.js';
import type { Session } from './session.js';
import type { ClientInfo, ConnectionMeta, DisconnectReason, Message } from './types.js';

type ConnectionState = 'awaiting-connect' | 'connecting' | 'connected' | 'closed';

/** Will message as received in CONNECT. */
export type WillMessage = Omit<Message, 'receivedAt' | 'clientId'>;

export interface CloseOptions {
  /** MQTT 5 only: send DISCONNECT with this reason code first (only once connected). */
  disconnectCode?: number;
  /** Publish the Will Message if there is one (default true; false on broker shutdown). */
  publishWill?: boolean;
}

/** How long a closed stream may take to flush before it is destroyed. */
const FLUSH_TIMEOUT_MS = 2000;

/**
 * One client network connection: parses packets, dispatches them in order to the handlers,
 * batches writes and enforces CONNECT timeout, keep-alive and packet size.
 */
export class Connection implements PacketSink {
  state: ConnectionState = 'awaiting-connect';
  protocolVersion: 3 | 4 | 5 = 4;
  clientId = '';
  session: Session | undefined;
  /** Set once connected; passed to the authorize hooks. */
  info: ClientInfo | undefined;
  will: WillMessage | undefined;
  /** MQTT 5 Will Delay Interval (seconds) of `will`. */
  willDelaySeconds = 0;
  /** MQTT 5 Maximum Packet Size sent by the client. */
  maxOutgoingPacketBytes = Number.POSITIVE_INFINITY;
  /** MQTT 5 Receive Maximum sent by the client: outgoing QoS 1 in flight. */
  receiveMaximum = 0xffff;
  disconnectReason: DisconnectReason | undefined;
  /** Acknowledgements of incoming QoS 1/2 waiting for the session store; they are sent in order. */
  pendingAcks = 0;
  /** The last acknowledgement waiting in `acknowledgeAfter`, while any does. */
  private heldAcks: Promise<void> | undefined;
  /** Topic aliases, rate limit, authorization cache, lifecycle identity. */
  readonly surface = new ConnectionSurface();

  private readonly reader: PacketReader;
  /** Packets read while a handler was pending or the stream was paused (created when needed). */
  private backlog: Packet[] | undefined;
  private busy = false;
  /** Congested sessions this connection published to: while any, its stream is not read (created when needed). */
  private blockers: Set<Session> | undefined;
  private corked = false;
  private lastActivity = Date.now();
  private keepAliveMs = 0;
  private connectTimer: NodeJS.Timeout | undefined;
  private keepAliveTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly core: BrokerCore,
    readonly stream: Duplex,
    readonly meta: ConnectionMeta,
  ) {
    this.reader = new PacketReader(this, core.options.maxPacketBytes);
    connectionOf.set(stream, this);
    stream.on('data', onStreamData);
    stream.on('end', onStreamEnd);
    stream.on('error', onStreamError);
    stream.on('close', onStreamClose);
    // Timers stay referenced: they are cleared on close, and an in-memory stream alone would not
    // keep the process alive until they fire.
    this.connectTimer = setTimeout(connectTimeout, core.options.connectTimeoutMs, this);
  }

  /** A getter, so TypeScript does not narrow it across calls that may close the connection. */
  get closed(): boolean {
    return this.state === 'closed';
  }

  /** Queues bytes for the client; writes of one tick go out together (cork/uncork). */
  write(bytes: Buffer): void {
    const stream = this.stream;
    if (!stream.writable) return;
    if (!this.corked) {
      this.corked = true;
      stream.cork();
      process.nextTick(uncork, this);
    }
    stream.write(bytes);
  }

  /** Bytes queued for the client and not yet taken by the transport, including this tick's batch. */
  get outgoingBufferedBytes(): number {
    return this.stream.writableLength;
  }

  /** Sends the writes batched since the last tick. */
  flush(): void {
    this.corked = false;
    this.stream.uncork();
  }

  /** Called once CONNECT was accepted. */
  startKeepAlive(seconds: number): void {
    if (seconds <= 0) return;
    // [MQTT-3.1.2-24] (3.1.1) / [MQTT-3.1.2-22] (5): close after 1.5 × keep-alive without a packet.
    this.keepAliveMs = seconds * 1500;
    this.keepAliveTimer = setTimeout(keepAliveTimeout, this.keepAliveMs, this);
  }

  stopConnectTimer(): void {
    if (this.connectTimer !== undefined) clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
  }

  /** Logs and closes for a client protocol violation; MQTT 5 gets DISCONNECT `reasonCode` first. */
  protocolError(message: string, reasonCode: number = ReasonCode.protocolError): void {
    if (this.state === 'closed') return;
    this.core.logger.info(this.logContext({ reasonCode }), `MQTT connection closed: ${message}`);
    this.close('CLIENT_ERROR', { disconnectCode: reasonCode });
  }

  /** Sends `ack` (PUBACK/PUBREC/PUBCOMP) once the session-store changes so far are durable. */
  acknowledgeWhenStored(ack: Buffer): void {
    if (this.heldAcks !== undefined) {
      this.acknowledgeAfter(Promise.resolve(), ack);
      return;
    }
    this.pendingAcks++;
    this.core.persistence.afterFlush((ok) => {
      this.pendingAcks--;
      if (this.state === 'closed') return;
      if (ok) this.write(ack);
      else this.close('SERVER_ERROR', { disconnectCode: ReasonCode.unspecifiedError });
    });
  }

  /**
   * Sends `ack` once `ready` settled, the session-store changes so far are durable and every
   * earlier acknowledgement went out (acknowledgements leave in the order of their PUBLISH packets).
   */
  acknowledgeAfter(ready: Promise<unknown>, ack: Buffer): void {
    this.pendingAcks++;
    const stored = new Promise<boolean>((resolve) => this.core.persistence.afterFlush(resolve));
    const previous = this.heldAcks;
    const waits =
      previous === undefined ? [ready.then(noop, noop), stored] : [ready.then(noop, noop), stored, previous];
    const tail: Promise<void> = Promise.all(waits).then(([, ok]) => {
      this.pendingAcks--;
      if (this.heldAcks === tail) this.heldAcks = undefined;
      if (this.state === 'closed') return;
      if (ok) this.write(ack);
      else this.close('SERVER_ERROR', { disconnectCode: ReasonCode.unspecifiedError });
    });
    this.heldAcks = tail;
  }

  /**
   * Back-pressure: stops reading this connection until `session` (congested by its publishes)
   * drained. Not while its own session is congested: it must keep reading its acknowledgements,
   * which also rules out a deadlock between clients publishing to each other.
   */
  block(session: Session): void {
    if (this.state === 'closed' || this.session?.congested === true || this.blockers?.has(session) === true) return;
    this.blockers ??= new Set();
    this.blockers.add(session);
    session.blockedPublishers.add(this);
    if (this.blockers.size === 1) {
      this.core.logger.debug(this.logContext({ congested: session.clientId }), 'MQTT publisher paused');
      this.stream.pause();
    }
  }

  /** `session` drained (or went away): resume reading once nothing else blocks this connection. */
  unblock(session: Session): void {
    if (this.blockers?.delete(session) !== true || this.blockers.size > 0) return;
    this.core.logger.debug(this.logContext(), 'MQTT publisher resumed');
    // Not from within the fan-out or the acknowledgement that released it.
    process.nextTick(pumpTick, this);
  }

  /** Stops all back-pressure on this connection. */
  unblockAll(): void {
    if (this.blockers === undefined || this.blockers.size === 0) return;
    for (const session of this.blockers) session.blockedPublishers.delete(this);
    this.blockers.clear();
    this.core.logger.debug(this.logContext(), 'MQTT publisher resumed');
    process.nextTick(pumpTick, this);
  }

  logDropped(topic: string): void {
    this.core.logger.warn(this.logContext({ topic }), 'MQTT outgoing QoS 1 queue full, message dropped');
  }

  logContext(extra?: object): object {
    return {
      clientId: this.clientId || undefined,
      remoteAddress: this.meta.remoteAddress,
      transport: this.meta.transport,
      ...extra,
    };
  }

  /** Ends the connection once; publishes the Will unless told otherwise. */
  close(reason: DisconnectReason, options: CloseOptions = {}): void {
    if (this.state === 'closed') return;
    const wasConnected = this.state === 'connected';
    this.state = 'closed';
    this.disconnectReason = reason;
    this.stopConnectTimer();
    if (this.keepAliveTimer !== undefined) clearTimeout(this.keepAliveTimer);
    this.keepAliveTimer = undefined;
    this.backlog = undefined;
    if (this.blockers !== undefined) {
      for (const session of this.blockers) session.blockedPublishers.delete(this);
      this.blockers = undefined;
    }
    if (wasConnected && this.protocolVersion === 5 && options.disconnectCode !== undefined) {
      this.writeSafely({ cmd: 'disconnect', reasonCode: options.disconnectCode });
    }
    this.endStream();
    this.core.connectionEnded(this, wasConnected, options.publishWill ?? true);
  }

  /** Encodes and writes a control packet; an encoding error closes the connection. */
  writeSafely(packet: Packet): void {
    let bytes: Buffer;
    try {
      bytes = encodePacket(packet, this.protocolVersion);
    } catch (error) {
      this.core.logger.error(this.logContext({ err: error, cmd: packet.cmd }), 'MQTT packet encoding failed');
      this.close('SERVER_ERROR');
      return;
    }
    this.write(bytes);
  }

  private endStream(): void {
    const stream = this.stream;
    if (stream.destroyed) return;
    stream.end();
    if (stream.writableFinished) {
      stream.destroy();
      return;
    }
    const timer = setTimeout(() => stream.destroy(), FLUSH_TIMEOUT_MS);
    timer.unref();
    stream.once('finish', () => {
      clearTimeout(timer);
      stream.destroy();
    });
  }

  /** Bytes from the client. */
  read(chunk: Buffer): void {
    if (this.state === 'closed') return;
    this.lastActivity = Date.now();
    try {
      this.reader.push(chunk);
    } catch (error) {
      // A handler bug must not escape into the stream's event emitter.
      this.core.logger.error(this.logContext({ err: error }), 'MQTT packet handling failed');
      this.close('SERVER_ERROR');
    }
  }

  /** A packet from the reader: handled now, or after the pending handler / back-pressure. */
  onPacket(packet: Packet): void {
    if (this.state === 'closed') return;
    if (this.busy) {
      this.defer(packet);
      return;
    }
    if (this.paused) {
      // Paused by back-pressure: packets left in the chunk wait; acknowledgements are handled
      // (they only drain this connection's own deliveries, in any order relative to its publishes).
      if (!isAck(packet)) {
        this.defer(packet);
        return;
      }
    }
    this.dispatch(packet);
  }

  private defer(packet: Packet): void {
    if (this.backlog === undefined) this.backlog = [packet];
    else this.backlog.push(packet);
  }

  /** MQTT 5 §3.2.2.3.6: DISCONNECT 0x95 packet too large. */
  onOversized(bytes: number): void {
    this.protocolError(`packet of ${bytes} bytes exceeds the limit`, ReasonCode.packetTooLarge);
  }

  onParseError(error: Error): void {
    if (this.state === 'closed') return;
    if (this.state === 'awaiting-connect' && error.message === 'Invalid protocol version') {
      // [MQTT-3.1.2-2]: CONNACK 0x01 unacceptable protocol version, then close.
      this.write(Buffer.from([0x20, 0x02, 0x00, ConnackReturnCode.unacceptableProtocolVersion]));
    }
    this.protocolError(`malformed packet (${error.message})`, ReasonCode.malformedPacket);
  }

  /** True while back-pressure stops reading this connection. */
  private get paused(): boolean {
    return this.blockers !== undefined && this.blockers.size > 0;
  }

  /**
   * Runs a handler. Handlers are synchronous unless a hook or port returned a promise; then the
   * stream is paused and later packets wait in `backlog`, so packets are handled in order.
   */
  private dispatch(packet: Packet): void {
    const result = handlePacket(this, packet);
    if (result === undefined) return;
    this.busy = true;
    this.stream.pause();
    result.then(
      () => {
        this.busy = false;
        this.pump();
      },
      (error: unknown) => {
        this.busy = false;
        this.core.logger.error(this.logContext({ err: error }), 'MQTT packet handling failed');
        this.close('SERVER_ERROR');
      },
    );
  }

  /** Handles the packets that waited, then reads the stream again, unless paused again meanwhile. */
  pump(): void {
    const backlog = this.backlog;
    while (!this.busy && !this.paused && this.state !== 'closed' && backlog !== undefined && backlog.length > 0) {
      this.dispatch(backlog.shift()!);
    }
    if (!this.busy && !this.paused && this.state !== 'closed') this.stream.resume();
  }

  onConnectTimeout(): void {
    this.connectTimer = undefined;
    if (this.state !== 'awaiting-connect') return;
    this.core.logger.info(this.logContext(), 'MQTT connection closed: no CONNECT in time');
    this.close('CLIENT_ERROR');
  }

  onKeepAliveTimeout(): void {
    this.keepAliveTimer = undefined;
    if (this.state === 'closed') return;
    // While a hook is pending the stream is paused, so the client's packets wait unread: not idle.
    const idle = this.busy || this.paused ? 0 : Date.now() - this.lastActivity;
    if (idle < this.keepAliveMs) {
      this.keepAliveTimer = setTimeout(keepAliveTimeout, this.keepAliveMs - idle, this);
      return;
    }
    this.core.logger.info(
      this.logContext({ keepAliveMs: this.keepAliveMs }),
      'MQTT connection closed: keep-alive timeout',
    );
    this.close('MQTT_KEEP_ALIVE_TIMEOUT', { disconnectCode: ReasonCode.keepAliveTimeout });
  }

  streamFailed(error: Error): void {
    this.core.logger.debug(this.logContext({ err: error }), 'MQTT connection stream error');
    this.close('CONNECTION_LOST');
  }

  streamClosed(): void {
    this.close('CONNECTION_LOST');
    this.core.streamClosed(this);
  }
}

/**
 * The connection of each stream, for stream listeners shared by all connections: four closures
 * per connection would keep about 1.3 KiB of heap for every idle connection.
 */
const connectionOf = new WeakMap<Duplex, Connection>();

function onStreamData(this: Duplex, chunk: Buffer): void {
  connectionOf.get(this)?.read(chunk);
}

function onStreamEnd(this: Duplex): void {
  connectionOf.get(this)?.close('CONNECTION_LOST');
}

function onStreamError(this: Duplex, error: Error): void {
  connectionOf.get(this)?.streamFailed(error);
}

function onStreamClose(this: Duplex): void {
  connectionOf.get(this)?.streamClosed();
}

function isAck(packet: Packet): boolean {
  const cmd = packet.cmd;
  return cmd === 'puback' || cmd === 'pubrec' || cmd === 'pubcomp' || cmd === 'pingreq';
}

function connectTimeout(connection: Connection): void {
  connection.onConnectTimeout();
}

function keepAliveTimeout(connection: Connection): void {
  connection.onKeepAliveTimeout();
}

function pumpTick(connection: Connection): void {
  connection.pump();
}

function noop(): void {}

function uncork(connection: Connection): void {
  connection.flush();
}
