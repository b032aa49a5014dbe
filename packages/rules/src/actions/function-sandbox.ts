import { Script } from 'node:vm';
import { Worker } from 'node:worker_threads';

export interface FunctionLimits {
  /** CPU time of one call. */
  timeoutMs: number;
  /** V8 old-generation heap of the worker. */
  memoryLimitMb: number;
}

/** The context a function gets as its second argument. */
export interface FunctionContext {
  ruleName: string;
  topic: string;
  clientId?: string;
  timestamp?: number;
}

const WRAPPER_PREFIX = '(function (event, context) {"use strict";\n';
const WRAPPER_SUFFIX = '\n})';

/** Throws a SyntaxError for code that does not compile as a function body (compiling runs nothing). */
export function checkFunctionSyntax(code: string): void {
  new Script(`${WRAPPER_PREFIX}${code}${WRAPPER_SUFFIX}`, { filename: 'function.js' });
}

/*
 * Runs inside the worker. The operator's code lives in a fresh vm context: its globals are only the
 * ECMAScript built-ins (no require, import, process, fetch, timers or Buffer), and code generation from
 * strings is off, so `x.constructor.constructor('...')` cannot reach the worker's own realm. Data
 * crosses as JSON text and is parsed and serialized by the context's own JSON, so the function only
 * ever sees objects of its own realm. The worker has an empty environment and the heap limit.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const vm = require('node:vm');
const sandbox = vm.createContext(Object.create(null), {
  name: 'rule function',
  codeGeneration: { strings: false, wasm: false },
  microtaskMode: 'afterEvaluate',
});
let compileError;
try {
  const fn = new vm.Script(workerData.source, { filename: 'function.js' }).runInContext(sandbox);
  const bind = new vm.Script(
    '(function (fn) { return function (e, c) { var r = fn(JSON.parse(e), JSON.parse(c)); return r === undefined ? undefined : JSON.stringify(r); }; })',
  ).runInContext(sandbox);
  Object.defineProperty(sandbox, '__invoke', { value: bind(fn) });
} catch (error) {
  compileError = String(error && error.message);
}
const call = new vm.Script('__invoke(__event, __context)', { filename: 'function.js' });
parentPort.on('message', ({ id, event, context }) => {
  if (compileError !== undefined) return parentPort.postMessage({ id, ok: false, message: compileError });
  try {
    sandbox.__event = event;
    sandbox.__context = context;
    const result = call.runInContext(sandbox, { timeout: workerData.timeoutMs, breakOnSigint: false });
    if (result !== undefined && typeof result !== 'string') throw new Error('the result could not be serialized');
    parentPort.postMessage({ id, ok: true, result });
  } catch (error) {
    const timedOut = error && error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
    let message;
    try { message = timedOut ? 'timed out' : String(error && error.message); } catch { message = 'threw'; }
    parentPort.postMessage({ id, ok: false, timedOut, message });
  }
});
`;

type Reply = { id: number; ok: true; result?: string } | { id: number; ok: false; timedOut?: boolean; message: string };

export class FunctionError extends Error {
  override readonly name = 'FunctionError';
}

/**
 * One operator function in its own worker thread, started on first use and restarted after it dies
 * (heap limit, or a call that did not answer). Calls run one at a time, in order.
 */
export class FunctionSandbox {
  private worker: Worker | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 0;
  private pending: { id: number; resolve: (reply: Reply) => void; reject: (error: Error) => void } | undefined;
  private closed = false;

  constructor(
    private readonly code: string,
    private readonly limits: FunctionLimits,
    /** Grace on top of timeoutMs for a call to answer (worker start, message passing) before it is killed. */
    private readonly answerGraceMs = 5000,
  ) {}

  /** Runs the function with JSON text input; resolves to JSON text, or undefined when it returned undefined. */
  call(eventJson: string, context: FunctionContext): Promise<string | undefined> {
    const run = this.queue.then(() => this.callNow(eventJson, JSON.stringify(context)));
    this.queue = run.catch(() => {});
    return run;
  }

  close(): void {
    this.closed = true;
    this.stop(new FunctionError('the function was removed'));
  }

  private async callNow(event: string, context: string): Promise<string | undefined> {
    if (this.closed) throw new FunctionError('the function was removed');
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const reply = await new Promise<Reply>((resolve, reject) => {
      const watchdog = setTimeout(() => {
        this.stop(new FunctionError(`did not answer within ${this.limits.timeoutMs} ms and was stopped`));
      }, this.limits.timeoutMs + this.answerGraceMs);
      this.pending = {
        id,
        resolve: (r) => {
          clearTimeout(watchdog);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(watchdog);
          reject(e);
        },
      };
      worker.postMessage({ id, event, context });
    });
    if (!reply.ok) {
      throw new FunctionError(
        reply.timedOut ? `timed out after ${this.limits.timeoutMs} ms` : `threw: ${reply.message}`,
      );
    }
    return reply.result;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { source: `${WRAPPER_PREFIX}${this.code}${WRAPPER_SUFFIX}`, timeoutMs: this.limits.timeoutMs },
      env: {},
      execArgv: [],
      stdout: true,
      stderr: true,
      resourceLimits: {
        maxOldGenerationSizeMb: this.limits.memoryLimitMb,
        maxYoungGenerationSizeMb: Math.max(1, Math.min(16, Math.floor(this.limits.memoryLimitMb / 4))),
        stackSizeMb: 4,
      },
    });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const pending = this.pending;
      if (pending && pending.id === reply.id) {
        this.pending = undefined;
        pending.resolve(reply);
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (this.worker !== worker) return;
      const reason =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `exceeded its memory limit of ${this.limits.memoryLimitMb} MB`
          : `crashed: ${error.message}`;
      this.stop(new FunctionError(reason));
    });
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      this.stop(new FunctionError('stopped unexpectedly'));
    });
    this.worker = worker;
    return worker;
  }

  private stop(reason: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(reason);
    if (worker) void worker.terminate();
  }
}
