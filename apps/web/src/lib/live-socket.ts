import {
  LIVE_SOCKET_PATH,
  type LiveClientFrame,
  type LiveMessage,
  type LiveServerFrame,
  type LiveTimeseriesRow,
  type Qos,
  type RuleActivity,
} from '@meridian/contracts';

/**
 * The console's one WebSocket per tab (`/api/live`): typed frames, topic subscriptions that
 * survive reconnects, exponential backoff. Framework-free; React reads it through
 * `live-socket-context.tsx`.
 */

/** Close code the server uses when the session cookie is missing or expired. */
export const CLOSE_NOT_AUTHENTICATED = 4401;
const CLOSE_NORMAL = 1000;
/** `LiveClientFrameSchema` accepts at most 16 filters (or rule names) per frame. */
const MAX_FILTERS_PER_FRAME = 16;

export type LiveSocketStatus =
  /** Not started, or stopped. */
  | 'idle'
  /** First connection attempt in progress. */
  | 'connecting'
  | 'open'
  /** Connection lost (or never made); waiting for the next attempt or attempting. */
  | 'reconnecting'
  /** Closed by the server with 4401: no retry until `start()` is called again. */
  | 'unauthorized';

export interface LiveSubscription {
  readonly filter: string;
  /** The server acknowledged it with a `subscribed` frame on the current connection. */
  readonly confirmed: boolean;
}

export interface LiveSocketError {
  readonly code: string;
  readonly message: string;
}

export interface LiveSocketState {
  readonly status: LiveSocketStatus;
  readonly subscriptions: readonly LiveSubscription[];
  /** Last `error` frame from the server; cleared by the next subscribe/unsubscribe. */
  readonly lastError: LiveSocketError | null;
}

/** The slice of a WebSocket the class needs; tests pass a fake. */
export interface LiveTransport {
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface LiveTransportHandlers {
  onOpen(): void;
  onMessage(data: string): void;
  onClose(code: number, reason: string): void;
}

export type LiveTransportFactory = (url: string, handlers: LiveTransportHandlers) => LiveTransport;

export const browserTransport: LiveTransportFactory = (url, handlers) => {
  const ws = new WebSocket(url);
  ws.onopen = () => handlers.onOpen();
  ws.onmessage = (event: MessageEvent) => {
    if (typeof event.data === 'string') handlers.onMessage(event.data);
  };
  ws.onclose = (event: CloseEvent) => handlers.onClose(event.code, event.reason);
  return {
    send: (data) => ws.send(data),
    close: (code, reason) => ws.close(code, reason),
  };
};

/** `ws:`/`wss:` URL of the live socket on the page's own origin. */
export function liveSocketUrl(location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${location.host}${LIVE_SOCKET_PATH}`;
}

export interface LiveSocketOptions {
  /** Defaults to `liveSocketUrl()`. */
  url?: string;
  /** Defaults to the browser's WebSocket. */
  transport?: LiveTransportFactory;
  /** First reconnect delay; doubles per failed attempt up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Source of jitter (±20 % of the delay); tests pin it. */
  random?: () => number;
}

type FrameListener = (frame: LiveServerFrame) => void;

export class LiveSocket {
  readonly #url: string | undefined;
  readonly #createTransport: LiveTransportFactory;
  readonly #initialDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #random: () => number;

  #state: LiveSocketState = { status: 'idle', subscriptions: [], lastError: null };
  #running = false;
  #transport: LiveTransport | null = null;
  /** Identifies the current connection attempt; callbacks of older ones are ignored. */
  #attemptToken: object | null = null;
  #failedAttempts = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #frameListeners = new Set<FrameListener>();
  /** Rules whose activity is streamed, with how many watchers asked for each. */
  readonly #watchedRules = new Map<string, number>();
  readonly #stateListeners = new Set<() => void>();
  /** Watched time-series device keys with how many callers watch each. */
  readonly #seriesWatches = new Map<string, number>();

  constructor(options: LiveSocketOptions = {}) {
    this.#url = options.url;
    this.#createTransport = options.transport ?? browserTransport;
    this.#initialDelayMs = options.initialDelayMs ?? 500;
    this.#maxDelayMs = options.maxDelayMs ?? 15_000;
    this.#random = options.random ?? Math.random;
  }

  /** Current state; the same object until something changes (fit for `useSyncExternalStore`). */
  readonly getState = (): LiveSocketState => this.#state;

  readonly onStateChange = (listener: () => void): (() => void) => {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  };

  /** Every well-formed frame from the server. */
  readonly onFrame = (listener: FrameListener): (() => void) => {
    this.#frameListeners.add(listener);
    return () => this.#frameListeners.delete(listener);
  };

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#failedAttempts = 0;
    this.#setState({ status: 'connecting' });
    this.#connect();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#dropConnection();
    this.#setState({ status: 'idle', subscriptions: unconfirmed(this.#state.subscriptions) });
  }

  /** Adds topic filters; sent now if connected, else on (re)connect. Known filters are ignored. */
  subscribe(filters: readonly string[]): void {
    const known = new Set(this.#state.subscriptions.map((s) => s.filter));
    const added = [...new Set(filters)].filter((filter) => filter !== '' && !known.has(filter));
    if (added.length === 0) return;
    this.#setState({
      subscriptions: [...this.#state.subscriptions, ...added.map((filter) => ({ filter, confirmed: false }))],
      lastError: null,
    });
    if (this.#state.status === 'open') this.#sendInChunks('subscribe', added);
  }

  unsubscribe(filters: readonly string[]): void {
    const removed = new Set(filters);
    const remaining = this.#state.subscriptions.filter((s) => !removed.has(s.filter));
    if (remaining.length === this.#state.subscriptions.length) return;
    const gone = this.#state.subscriptions.filter((s) => removed.has(s.filter)).map((s) => s.filter);
    this.#setState({ subscriptions: remaining, lastError: null });
    if (this.#state.status === 'open') this.#sendInChunks('unsubscribe', gone);
  }

  /**
   * Streams the rows stored under `deviceKey` as `timeseries-row` frames, kept across reconnects.
   * Counted per caller: returns the function that ends this caller's watch.
   */
  watchTimeseries(deviceKey: string): () => void {
    const count = this.#seriesWatches.get(deviceKey) ?? 0;
    this.#seriesWatches.set(deviceKey, count + 1);
    if (count === 0 && this.#state.status === 'open') this.#send({ type: 'watch-timeseries', deviceKeys: [deviceKey] });
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const remaining = (this.#seriesWatches.get(deviceKey) ?? 1) - 1;
      if (remaining > 0) {
        this.#seriesWatches.set(deviceKey, remaining);
        return;
      }
      this.#seriesWatches.delete(deviceKey);
      if (this.#state.status === 'open') this.#send({ type: 'unwatch-timeseries', deviceKeys: [deviceKey] });
    };
  }

  /**
   * Streams the outputs and errors of these rules as `rule-activity` frames, on this connection and the
   * next ones. Returns a function that stops this watch (a rule stays watched while anyone else watches it).
   */
  watchRules(ruleNames: readonly string[]): () => void {
    const names = [...new Set(ruleNames)];
    const added: string[] = [];
    for (const name of names) {
      const count = this.#watchedRules.get(name) ?? 0;
      this.#watchedRules.set(name, count + 1);
      if (count === 0) added.push(name);
    }
    if (added.length > 0 && this.#state.status === 'open') this.#sendInChunks('watch-rules', added);
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      const gone: string[] = [];
      for (const name of names) {
        const count = (this.#watchedRules.get(name) ?? 1) - 1;
        if (count > 0) {
          this.#watchedRules.set(name, count);
        } else {
          this.#watchedRules.delete(name);
          gone.push(name);
        }
      }
      if (gone.length > 0 && this.#state.status === 'open') this.#sendInChunks('unwatch-rules', gone);
    };
  }

  #connect(): void {
    const token = {};
    this.#attemptToken = token;
    const isCurrent = () => this.#attemptToken === token;
    try {
      this.#transport = this.#createTransport(this.#url ?? liveSocketUrl(), {
        onOpen: () => {
          if (isCurrent()) this.#handleOpen();
        },
        onMessage: (data) => {
          if (isCurrent()) this.#handleMessage(data);
        },
        onClose: (code) => {
          if (isCurrent()) this.#handleClose(code);
        },
      });
    } catch {
      // e.g. a malformed URL: treat like a failed connection.
      this.#handleClose(0);
    }
  }

  #handleOpen(): void {
    this.#failedAttempts = 0;
    this.#setState({ status: 'open' });
    // A new connection starts with no subscriptions on the server: send the current set.
    const filters = this.#state.subscriptions.map((s) => s.filter);
    if (filters.length > 0) this.#sendInChunks('subscribe', filters);
    const deviceKeys = [...this.#seriesWatches.keys()];
    for (let i = 0; i < deviceKeys.length; i += MAX_FILTERS_PER_FRAME) {
      this.#send({ type: 'watch-timeseries', deviceKeys: deviceKeys.slice(i, i + MAX_FILTERS_PER_FRAME) });
    }
    if (this.#watchedRules.size > 0) this.#sendInChunks('watch-rules', [...this.#watchedRules.keys()]);
  }

  #handleMessage(data: string): void {
    const frame = parseServerFrame(data);
    if (!frame) return;
    if (frame.type === 'subscribed') {
      const acked = new Set(frame.filters);
      this.#setState({
        subscriptions: this.#state.subscriptions.map((s) => (acked.has(s.filter) ? { ...s, confirmed: true } : s)),
      });
    } else if (frame.type === 'error') {
      this.#setState({ lastError: { code: frame.code, message: frame.message } });
    }
    for (const listener of this.#frameListeners) listener(frame);
  }

  #handleClose(code: number): void {
    this.#attemptToken = null;
    this.#transport = null;
    const subscriptions = unconfirmed(this.#state.subscriptions);
    if (code === CLOSE_NOT_AUTHENTICATED) {
      // Not logged in: retrying cannot help, and looping would hammer the server.
      this.#running = false;
      this.#setState({ status: 'unauthorized', subscriptions });
      return;
    }
    if (!this.#running) return;
    this.#setState({ status: 'reconnecting', subscriptions });
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    const base = Math.min(this.#maxDelayMs, this.#initialDelayMs * 2 ** this.#failedAttempts);
    const delay = Math.round(base * (0.8 + 0.4 * this.#random()));
    this.#failedAttempts += 1;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      if (this.#running) this.#connect();
    }, delay);
  }

  #dropConnection(): void {
    const transport = this.#transport;
    this.#attemptToken = null;
    this.#transport = null;
    transport?.close(CLOSE_NORMAL, 'client closed');
  }

  #sendInChunks(type: 'subscribe' | 'unsubscribe' | 'watch-rules' | 'unwatch-rules', items: readonly string[]): void {
    for (let i = 0; i < items.length; i += MAX_FILTERS_PER_FRAME) {
      const chunk = items.slice(i, i + MAX_FILTERS_PER_FRAME);
      this.#send(
        type === 'subscribe' || type === 'unsubscribe' ? { type, filters: chunk } : { type, ruleNames: chunk },
      );
    }
  }

  #send(frame: LiveClientFrame): void {
    this.#transport?.send(JSON.stringify(frame));
  }

  #setState(patch: Partial<LiveSocketState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const listener of this.#stateListeners) listener();
  }
}

function unconfirmed(subscriptions: readonly LiveSubscription[]): readonly LiveSubscription[] {
  return subscriptions.some((s) => s.confirmed)
    ? subscriptions.map((s) => ({ ...s, confirmed: false }))
    : subscriptions;
}

/** Parses one server frame; anything malformed or unknown gives `null` and is ignored. */
export function parseServerFrame(data: string): LiveServerFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  switch (value.type) {
    case 'message':
      return toLiveMessage(value);
    case 'subscribed':
    case 'unsubscribed':
      return isStringArray(value.filters) ? { type: value.type, filters: value.filters } : null;
    case 'timeseries-row':
      return toTimeseriesRow(value);
    case 'watching-timeseries':
      return isStringArray(value.deviceKeys) ? { type: 'watching-timeseries', deviceKeys: value.deviceKeys } : null;
    case 'published':
      return typeof value.topic === 'string' ? { type: 'published', topic: value.topic } : null;
    case 'error':
      return typeof value.code === 'string' && typeof value.message === 'string'
        ? { type: 'error', code: value.code, message: value.message }
        : null;
    case 'watching-rules':
      return isStringArray(value.ruleNames) ? { type: 'watching-rules', ruleNames: value.ruleNames } : null;
    case 'rule-activity': {
      const activity = toRuleActivity(value.activity);
      return activity ? { type: 'rule-activity', activity } : null;
    }
    default:
      return null;
  }
}

function toLiveMessage(value: Record<string, unknown>): LiveMessage | null {
  const { topic, qos, retain, payload, payloadEncoding, receivedAt, clientId } = value;
  if (
    typeof topic !== 'string' ||
    !isQos(qos) ||
    typeof retain !== 'boolean' ||
    typeof payload !== 'string' ||
    (payloadEncoding !== 'utf8' && payloadEncoding !== 'base64') ||
    typeof receivedAt !== 'string' ||
    (clientId !== undefined && typeof clientId !== 'string')
  ) {
    return null;
  }
  const message: LiveMessage = { type: 'message', topic, qos, retain, payload, payloadEncoding, receivedAt };
  if (clientId !== undefined) message.clientId = clientId;
  return message;
}

function toTimeseriesRow(value: Record<string, unknown>): LiveTimeseriesRow | null {
  const { deviceKey, time, values } = value;
  if (typeof deviceKey !== 'string' || typeof time !== 'number' || !isRecord(values)) return null;
  const numbers: Record<string, number> = {};
  for (const [field, x] of Object.entries(values)) if (typeof x === 'number') numbers[field] = x;
  return { type: 'timeseries-row', deviceKey, time, values: numbers };
}

function toRuleActivity(value: unknown): RuleActivity | null {
  if (!isRecord(value)) return null;
  const { seq, ruleName, topic, at } = value;
  if (typeof seq !== 'number' || typeof ruleName !== 'string' || typeof topic !== 'string' || typeof at !== 'string') {
    return null;
  }
  if (value.kind === 'output') {
    const { output, outputEncoding } = value;
    if (typeof output !== 'string' || (outputEncoding !== 'json' && outputEncoding !== 'base64')) return null;
    return { kind: 'output', seq, ruleName, topic, at, output, outputEncoding };
  }
  if (value.kind === 'error') {
    const { failedAction, failedResource, errorMessage } = value;
    if (typeof failedAction !== 'string' || typeof failedResource !== 'string' || typeof errorMessage !== 'string') {
      return null;
    }
    return { kind: 'error', seq, ruleName, topic, at, failedAction, failedResource, errorMessage };
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isQos(value: unknown): value is Qos {
  return value === 0 || value === 1 || value === 2;
}
