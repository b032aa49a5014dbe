import net from 'node:net';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import type { CertFiles } from './brokers.js';
import {
  DISCONNECT,
  encodeConnect,
  encodePublish,
  encodeSubscribe,
  FrameReader,
  PACKET_CONNACK,
  PACKET_PUBACK,
  PACKET_PUBLISH,
  PACKET_SUBACK,
  type PublishTemplate,
} from './wire.js';

/**
 * The load generator: plain sockets, pre-encoded packets, fixed-header framing. It runs in the
 * bench runner process; every broker runs in its own child process.
 */

const PAYLOAD_BYTES = 64;
let clientSeq = 0;

type PublishListener = (buf: Buffer, start: number, end: number, qos: number) => void;

/** One MQTT 3.1.1 client connection driven by raw bytes. */
class RawClient {
  readonly socket: net.Socket;
  private readonly reader: FrameReader;
  private waiter: { type: number; resolve: () => void; reject: (e: Error) => void } | undefined;
  /** Number of PUBACKs received (publishers). */
  pubacks = 0;
  onPuback: (() => void) | undefined;
  onPublish: PublishListener | undefined;
  /** PUBACKs for QoS 1 deliveries collected during one data chunk and written once. */
  private pendingAcks: number[] = [];
  closed = false;

  constructor(socket: net.Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    this.reader = new FrameReader((type, flags, buf, start, end) => {
      if (type === PACKET_PUBLISH) {
        const qos = (flags >> 1) & 3;
        if (qos > 0) {
          const topicLength = buf.readUInt16BE(start);
          this.pendingAcks.push(buf.readUInt16BE(start + 2 + topicLength));
        }
        this.onPublish?.(buf, start, end, qos);
      } else if (type === PACKET_PUBACK) {
        this.pubacks++;
        this.onPuback?.();
      } else if (this.waiter !== undefined && type === this.waiter.type) {
        const waiter = this.waiter;
        this.waiter = undefined;
        if (type === PACKET_CONNACK && buf[start + 1] !== 0) {
          waiter.reject(new Error(`CONNACK return code ${buf[start + 1]}`));
        } else if (type === PACKET_SUBACK && (buf[start + 2] ?? 0x80) >= 0x80) {
          waiter.reject(new Error('SUBACK failure'));
        } else {
          waiter.resolve();
        }
      }
    });
    socket.on('data', (chunk: Buffer) => {
      this.reader.push(chunk);
      const acks = this.pendingAcks;
      if (acks.length > 0) {
        this.pendingAcks = [];
        const out = Buffer.allocUnsafe(acks.length * 4);
        for (let i = 0; i < acks.length; i++) {
          const id = acks[i]!;
          out[i * 4] = 0x40;
          out[i * 4 + 1] = 0x02;
          out[i * 4 + 2] = id >> 8;
          out[i * 4 + 3] = id & 0xff;
        }
        if (!socket.destroyed) socket.write(out);
      }
    });
    const onGone = (): void => {
      this.closed = true;
      if (this.waiter !== undefined) {
        const waiter = this.waiter;
        this.waiter = undefined;
        waiter.reject(new Error('connection closed'));
      }
    };
    socket.on('error', onGone);
    socket.on('close', onGone);
  }

  private expect(type: number, bytes: Buffer, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new Error(`timeout waiting for packet type ${type}`));
      }, timeoutMs);
      this.waiter = {
        type,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.socket.write(bytes);
    });
  }

  connect(clientId: string, timeoutMs = 10_000): Promise<void> {
    return this.expect(PACKET_CONNACK, encodeConnect(clientId), timeoutMs);
  }

  subscribe(filter: string, qos: 0 | 1): Promise<void> {
    return this.expect(PACKET_SUBACK, encodeSubscribe(filter, qos), 10_000);
  }

  end(): void {
    if (this.socket.destroyed) return;
    this.socket.end(DISCONNECT);
    this.socket.destroySoon();
    setTimeout(() => this.socket.destroy(), 500).unref();
  }
}

function openTcp(port: number): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(new RawClient(socket));
    });
    socket.once('error', reject);
  });
}

async function connectedClient(port: number, prefix: string, clientId?: string): Promise<RawClient> {
  const client = await openTcp(port);
  await client.connect(clientId ?? `${prefix}-${process.pid}-${clientSeq++}`);
  return client;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---- throughput (fan-in / fan-out) ---------------------------------------------------------

export interface ThroughputOptions {
  port: number;
  publishers: number;
  subscribers: number;
  qos: 0 | 1;
  durationMs: number;
  /** QoS 1: most unacknowledged PUBLISHes per publisher. */
  window: number;
  /** Topic for publisher i, and the filter the subscribers use. */
  topic: (i: number) => string;
  filter: string;
  /**
   * End-to-end flow control: publishers pause while more than this many messages per publisher
   * are sent but not yet delivered to every subscriber (0 = open loop, publish as fast as TCP allows).
   */
  backlogPerPublisher: number;
  /** End the drain after this long without progress (default 1000 ms). */
  stallMs?: number;
  /** Payload of every PUBLISH (default 64 bytes of "a"). */
  payload?: Buffer;
  /** Client ids of publisher i and subscriber i (default: unique generated ids). */
  publisherId?: (i: number) => string;
  subscriberId?: (i: number) => string;
}

export interface ThroughputResult {
  sent: number;
  acked: number;
  expected: number;
  delivered: number;
  lost: number;
  lossPct: number;
  /** deliveries per second, from first send to last delivery */
  rate: number;
  elapsedMs: number;
  /** true if the run ended by the drain timeout with messages still missing */
  drainTimedOut: boolean;
}

export async function runThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
  const { qos, window } = options;
  const subscribers: RawClient[] = [];
  const publishers: RawClient[] = [];
  let delivered = 0;
  let lastDelivery = 0;
  let sent = 0;
  let paused: Array<() => void> = [];
  const backlogCap = options.backlogPerPublisher * options.publishers;
  const room = (): boolean => backlogCap <= 0 || sent - delivered / options.subscribers < backlogCap;
  try {
    for (let i = 0; i < options.subscribers; i++) {
      const sub = await connectedClient(options.port, 'sub', options.subscriberId?.(i));
      sub.onPublish = () => {
        delivered++;
      };
      sub.socket.on('data', () => {
        lastDelivery = performance.now();
        if (paused.length > 0 && !room()) return;
        if (paused.length > 0) {
          const resume = paused;
          paused = [];
          for (const fn of resume) fn();
        }
      });
      await sub.subscribe(options.filter, qos);
      subscribers.push(sub);
    }
    for (let i = 0; i < options.publishers; i++)
      publishers.push(await connectedClient(options.port, 'pub', options.publisherId?.(i)));
    await sleep(200);

    let running = true;
    const payload = options.payload ?? Buffer.alloc(PAYLOAD_BYTES, 0x61);
    const started = performance.now();

    publishers.forEach((pub, i) => {
      const template = encodePublish(options.topic(i), payload, qos);
      if (qos === 0) startQos0(pub, template);
      else startQos1(pub, template);
    });

    function startQos0(pub: RawClient, template: PublishTemplate): void {
      const BATCH = 32;
      const batch = Buffer.concat(Array.from({ length: BATCH }, () => template.bytes));
      const pump = (): void => {
        for (let round = 0; round < 8; round++) {
          if (!running || pub.closed) return;
          if (!room()) {
            paused.push(pump);
            return;
          }
          sent += BATCH;
          if (!pub.socket.write(batch)) {
            pub.socket.once('drain', pump);
            return;
          }
        }
        setImmediate(pump);
      };
      pump();
    }

    function startQos1(pub: RawClient, template: PublishTemplate): void {
      const size = template.bytes.length;
      let inflight = 0;
      let nextId = 1;
      let scheduled = false;
      const fill = (): void => {
        scheduled = false;
        if (!running || pub.closed) return;
        const count = window - inflight;
        if (count <= 0) return;
        if (!room()) {
          if (!paused.includes(fill)) paused.push(fill);
          return;
        }
        const out = Buffer.allocUnsafe(count * size);
        for (let k = 0; k < count; k++) {
          const base = k * size;
          template.bytes.copy(out, base);
          out[base + template.idOffset] = nextId >> 8;
          out[base + template.idOffset + 1] = nextId & 0xff;
          nextId = nextId === 0xffff ? 1 : nextId + 1;
        }
        inflight += count;
        sent += count;
        pub.socket.write(out);
      };
      pub.onPuback = () => {
        inflight--;
        if (!scheduled && running) {
          scheduled = true;
          setImmediate(fill);
        }
      };
      fill();
    }

    await sleep(options.durationMs);
    running = false;

    // Drain: wait until every expected delivery arrived, or nothing moved for 1 s (max 10 s).
    const totalAcked = (): number => publishers.reduce((n, p) => n + p.pubacks, 0);
    let drainTimedOut = false;
    let lastSeen = -1;
    let lastChange = performance.now();
    for (let i = 0; i < 2000; i++) {
      const acked = totalAcked();
      const expectedNow = (qos === 1 ? acked : sent) * options.subscribers;
      const done = delivered >= expectedNow && (qos === 0 || acked >= sent);
      if (done) break;
      const progress = delivered + acked;
      if (progress !== lastSeen) {
        lastSeen = progress;
        lastChange = performance.now();
      } else if (performance.now() - lastChange > (options.stallMs ?? 1000)) {
        drainTimedOut = true;
        break;
      }
      if (performance.now() - started > options.durationMs + 10_000 + (options.stallMs ?? 0)) {
        drainTimedOut = true;
        break;
      }
      await sleep(25);
    }
    const acked = totalAcked();
    const expected = (qos === 1 ? acked : sent) * options.subscribers;
    const lost = Math.max(0, expected - delivered);
    const elapsedMs = Math.max(1, (lastDelivery || performance.now()) - started);
    return {
      sent,
      acked,
      expected,
      delivered,
      lost,
      lossPct: expected === 0 ? 0 : (100 * lost) / expected,
      rate: (delivered * 1000) / elapsedMs,
      elapsedMs,
      drainTimedOut,
    };
  } finally {
    for (const c of [...publishers, ...subscribers]) c.end();
    await sleep(100);
  }
}

// ---- latency ---------------------------------------------------------------------------------

export interface LatencyOptions {
  port: number;
  rate: number;
  warmupMs: number;
  durationMs: number;
  /** Called when the warm-up ends and sampling starts. */
  onMeasureStart?: () => void;
}

export interface LatencyResult {
  samples: number;
  sent: number;
  delivered: number;
  achievedRate: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  /**
   * The generator's own pacing timer: intervals between its 1 ms ticks while sampling (p99 and
   * max in ms). Intervals well above 1 ms mean the generator process itself was stalled (GC, or
   * not scheduled), which delays the reading of deliveries as well.
   */
  tickP99: number;
  tickMax: number;
}

export async function runLatency(options: LatencyOptions): Promise<LatencyResult> {
  const sub = await connectedClient(options.port, 'lat-sub');
  const pub = await connectedClient(options.port, 'lat-pub');
  try {
    await sub.subscribe('bench/latency', 1);
    await sleep(200);
    const template = encodePublish('bench/latency', Buffer.alloc(PAYLOAD_BYTES, 0x61), 1);
    const size = template.bytes.length;
    const capacity = Math.ceil((options.rate * (options.durationMs + options.warmupMs)) / 1000) + 1000;
    const samples = new Float64Array(capacity);
    let count = 0;
    let delivered = 0;
    const started = performance.now();
    const measureFrom = started + options.warmupMs;
    const stopAt = measureFrom + options.durationMs;

    sub.onPublish = (buf, start) => {
      const now = performance.now();
      delivered++;
      const topicLength = buf.readUInt16BE(start);
      const sentAt = buf.readDoubleLE(start + 2 + topicLength + 2);
      if (sentAt >= measureFrom && sentAt < stopAt && count < capacity) samples[count++] = now - sentAt;
    };

    let sent = 0;
    let nextId = 1;
    const MAX_INFLIGHT = 5000;
    const ticks: number[] = [];
    let lastTick = started;
    let measuring = false;
    await new Promise<void>((resolve) => {
      const tick = (): void => {
        const now = performance.now();
        if (now >= stopAt || pub.closed) {
          resolve();
          return;
        }
        if (now >= measureFrom) {
          if (!measuring) {
            measuring = true;
            options.onMeasureStart?.();
          } else {
            ticks.push(now - lastTick);
          }
        }
        lastTick = now;
        const due = Math.floor(((now - started) * options.rate) / 1000) - sent;
        const n = Math.min(due, MAX_INFLIGHT - (sent - pub.pubacks));
        if (n > 0) {
          const out = Buffer.allocUnsafe(n * size);
          for (let k = 0; k < n; k++) {
            const base = k * size;
            template.bytes.copy(out, base);
            out[base + template.idOffset] = nextId >> 8;
            out[base + template.idOffset + 1] = nextId & 0xff;
            nextId = nextId === 0xffff ? 1 : nextId + 1;
            out.writeDoubleLE(performance.now(), base + template.payloadOffset);
          }
          sent += n;
          pub.socket.write(out);
        }
        setTimeout(tick, 1);
      };
      tick();
    });
    for (let i = 0; i < 100 && delivered < sent; i++) await sleep(20);
    const sorted = samples.subarray(0, count).sort();
    const pct = (p: number): number => (count === 0 ? Number.NaN : sorted[Math.min(count - 1, Math.floor(p * count))]!);
    const tickSorted = Float64Array.from(ticks).sort();
    return {
      tickP99: tickSorted[Math.floor(0.99 * tickSorted.length)] ?? Number.NaN,
      tickMax: tickSorted[tickSorted.length - 1] ?? Number.NaN,
      samples: count,
      sent,
      delivered,
      achievedRate: (sent * 1000) / (stopAt - started),
      p50: pct(0.5),
      p99: pct(0.99),
      p999: pct(0.999),
      max: count === 0 ? Number.NaN : sorted[count - 1]!,
    };
  } finally {
    pub.end();
    sub.end();
    await sleep(100);
  }
}

// ---- many TLS connections --------------------------------------------------------------------

export interface ConnectionsOptions {
  port: number;
  connections: number;
  /** Handshakes in progress at once. */
  concurrency: number;
  certs: CertFiles;
  /** Called once all clients are connected (and before they are closed). */
  whileConnected: () => Promise<void>;
}

export interface ConnectionsResult {
  connected: number;
  failed: number;
  wallMs: number;
  firstError: string | undefined;
}

export async function runConnections(options: ConnectionsOptions): Promise<ConnectionsResult> {
  const clients: RawClient[] = [];
  let failed = 0;
  let connected = 0;
  let firstError: string | undefined;
  let next = 0;
  const secureContext = tls.createSecureContext({
    ca: options.certs.ca,
    cert: options.certs.clientCert,
    key: options.certs.clientKey,
  });
  const started = performance.now();
  const one = async (): Promise<void> => {
    const socket = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const s = tls.connect({ host: '127.0.0.1', port: options.port, secureContext, servername: 'localhost' });
      s.once('secureConnect', () => {
        s.off('error', reject);
        resolve(s);
      });
      s.once('error', reject);
    });
    const client = new RawClient(socket);
    clients.push(client);
    await client.connect(`conn-${process.pid}-${clientSeq++}`, 30_000);
    connected++;
  };
  const worker = async (): Promise<void> => {
    while (next < options.connections) {
      next++;
      try {
        await one();
      } catch (error) {
        failed++;
        firstError ??= (error as Error).message;
        if (failed > 50) return;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, options.connections) }, worker));
    const wallMs = performance.now() - started;
    await options.whileConnected();
    return { connected, failed, wallMs, firstError };
  } finally {
    for (const c of clients) c.socket.destroy();
    await sleep(300);
  }
}
