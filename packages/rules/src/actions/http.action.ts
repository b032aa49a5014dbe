import type { HttpAction } from '@meridian/contracts';
import { outputPayload } from '../payload.js';
import { ActionError, type EffectAction, FAILED_ACTION_NAMES } from './action.js';
import type { RuleActionPorts } from './ports.js';
import type { TemplateCompiler } from './republish.action.js';

export interface HttpActionSettings {
  /** Whole time per attempt, response body included (AWS: 3000 ms). */
  timeoutMs: number;
  /** Attempts in all; only 429, 5xx and network errors are retried (AWS: 3). */
  maxAttempts: number;
  /** Delay before the second attempt; doubled for each further one. */
  backoffMs: number;
  /** A larger response is not retried and is not read further (AWS: 16384 bytes). */
  maxResponseBytes: number;
}

export const DEFAULT_HTTP_ACTION_SETTINGS: HttpActionSettings = {
  timeoutMs: 3000,
  maxAttempts: 3,
  backoffMs: 100,
  maxResponseBytes: 16384,
};

type Ports = Pick<RuleActionPorts, 'fetch' | 'isUrlAllowed'>;

/** http (reference §2.14): POST of the output to a templated URL with templated header values. */
export function httpAction(
  spec: HttpAction,
  compile: TemplateCompiler,
  ports: Ports,
  settings: HttpActionSettings,
): EffectAction {
  const url = compile(spec.url);
  const headers = (spec.headers ?? []).map(({ key, value }) => ({ key, value: compile(value) }));
  const doFetch = ports.fetch ?? fetch;

  return {
    kind: 'effect',
    type: 'http',
    failedAction: FAILED_ACTION_NAMES.http,
    async run({ payload, message, output }) {
      const target = url.render(payload, message);
      let parsed: URL;
      try {
        parsed = new URL(target);
      } catch {
        throw new ActionError(target, `"${target}" is not a URL`);
      }
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
        throw new ActionError(target, `Only http and https URLs can be called, not ${parsed.protocol}`);
      }
      if (ports.isUrlAllowed && !(await ports.isUrlAllowed(target))) {
        throw new ActionError(
          target,
          `No confirmed destination covers ${target}; confirm one in the rule destinations`,
        );
      }
      const body = outputPayload(output);
      const requestHeaders = new Headers();
      requestHeaders.set(
        'content-type',
        output instanceof Uint8Array ? 'application/octet-stream' : 'application/json',
      );
      for (const { key, value } of headers) requestHeaders.set(key, value.render(payload, message));

      let failure = '';
      for (let attempt = 1; attempt <= settings.maxAttempts; attempt++) {
        if (attempt > 1) await delay(settings.backoffMs * 2 ** (attempt - 2));
        const outcome = await attemptOnce(doFetch, target, requestHeaders, body, settings);
        if (outcome.ok) return;
        failure = outcome.message;
        if (!outcome.retry) break;
      }
      throw new ActionError(target, failure);
    },
  };
}

type Outcome = { ok: true } | { ok: false; retry: boolean; message: string };

async function attemptOnce(
  doFetch: typeof fetch,
  url: string,
  headers: Headers,
  body: Uint8Array,
  settings: HttpActionSettings,
): Promise<Outcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), settings.timeoutMs);
  try {
    const response = await doFetch(url, {
      method: 'POST',
      headers,
      body,
      signal: controller.signal,
      redirect: 'manual',
    });
    const tooLarge = await exceedsLimit(response, settings.maxResponseBytes);
    if (response.status >= 200 && response.status < 300) return { ok: true };
    const message = `HTTP ${response.status} from ${url}`;
    const retryable = response.status === 429 || response.status >= 500;
    return {
      ok: false,
      retry: retryable && !tooLarge,
      message: tooLarge ? `${message} (response too large)` : message,
    };
  } catch (error) {
    if (controller.signal.aborted) {
      return { ok: false, retry: false, message: `No answer from ${url} within ${settings.timeoutMs} ms` };
    }
    return { ok: false, retry: true, message: `Request to ${url} failed: ${describe(error)}` };
  } finally {
    clearTimeout(timer);
  }
}

/** Reads the body up to the limit (so the connection is released) and tells whether it went past it. */
async function exceedsLimit(response: Response, limit: number): Promise<boolean> {
  if (response.body === null) return false;
  const reader = response.body.getReader();
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return false;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return true;
    }
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
