// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IoT SQL substitution templates are plain strings with ${...}
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { newTestRules } from '../service/test-helpers.js';
import { httpAction } from './http.action.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local server answering from a script of status codes (the last one repeats). */
let server: Server;
let base = '';
let received: Received[] = [];
let script: Array<number | 'hang' | 'huge'> = [];

before(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const step = script.length > 1 ? script.shift() : script[0];
      if (step === 'hang') return;
      if (step === 'huge') {
        response.writeHead(503);
        return response.end('x'.repeat(20_000));
      }
      response.writeHead(step ?? 200);
      response.end('done');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

function reset(steps: Array<number | 'hang' | 'huge'>) {
  received = [];
  script = steps;
}

/** A generous answer timeout, so a loaded machine does not turn a slow answer into a failure. */
const ANSWER_TIMEOUT_MS = 5000;

async function runRule(action: object, payload: object | string = { temperature: 31 }, timeoutMs = ANSWER_TIMEOUT_MS) {
  const rules = newTestRules({ http: { timeoutMs, backoffMs: 5 } });
  await rules.sut.createTopicRule('hook', {
    sql: "SELECT temperature, topic(2) AS device FROM 'sensors/+/t'",
    actions: [action],
    errorAction: { republish: { topic: 'errors' } },
  });
  rules.publish('sensors/d7/t', payload);
  await rules.engine.whenIdle();
  return rules;
}

describe(httpAction.name, () => {
  test('POSTs the output as JSON to the templated URL with templated header values', async () => {
    reset([200]);
    const { engine } = await runRule({
      http: {
        url: `${base}/devices/\${topic(2)}?from=\${clientid()}`,
        headers: [
          { key: 'x-device', value: '${topic(2)}' },
          { key: 'authorization', value: 'Bearer static' },
        ],
      },
    });
    assert.equal(received.length, 1);
    const [request] = received;
    assert.equal(request?.method, 'POST');
    assert.equal(request?.url, '/devices/d7?from=device-1');
    assert.equal(request?.headers['content-type'], 'application/json');
    assert.equal(request?.headers['x-device'], 'd7');
    assert.equal(request?.headers.authorization, 'Bearer static');
    assert.deepEqual(JSON.parse(request?.body ?? ''), { temperature: 31, device: 'd7' });
    assert.equal(engine.monitor.metrics('hook').actionsSucceeded, 1);
  });

  test('a content-type header overrides the default', async () => {
    reset([204]);
    await runRule({ http: { url: `${base}/x`, headers: [{ key: 'Content-Type', value: 'text/plain' }] } });
    assert.equal(received[0]?.headers['content-type'], 'text/plain');
  });

  test('429 and 5xx are retried with backoff up to the attempt limit, then the action fails', async () => {
    reset([500, 429, 200]);
    const ok = await runRule({ http: { url: `${base}/retry` } });
    assert.equal(received.length, 3);
    assert.equal(ok.engine.monitor.metrics('hook').actionsSucceeded, 1);

    reset([503]);
    const failed = await runRule({ http: { url: `${base}/down` } });
    assert.equal(received.length, 3);
    assert.equal(failed.engine.monitor.metrics('hook').actionsFailed, 1);
    const errorDocument = JSON.parse(Buffer.from(failed.published[0]?.payload as Uint8Array).toString());
    assert.deepEqual(errorDocument.failures, [
      { failedAction: 'HttpAction', failedResource: `${base}/down`, errorMessage: `HTTP 503 from ${base}/down` },
    ]);
  });

  test('4xx other than 429 is not retried', async () => {
    reset([404]);
    const { engine } = await runRule({ http: { url: `${base}/missing` } });
    assert.equal(received.length, 1);
    assert.equal(engine.monitor.metrics('hook').lastError?.message, `HTTP 404 from ${base}/missing`);
  });

  test('a response larger than 16384 bytes is not retried', async () => {
    reset(['huge']);
    const { engine } = await runRule({ http: { url: `${base}/huge` } });
    assert.equal(received.length, 1);
    assert.match(engine.monitor.metrics('hook').lastError?.message ?? '', /response too large/);
  });

  test('no answer within the timeout fails the action without a retry', async () => {
    reset(['hang']);
    const started = performance.now();
    const { engine } = await runRule({ http: { url: `${base}/slow` } }, undefined, 300);
    assert.equal(received.length, 1);
    assert.ok(performance.now() - started < ANSWER_TIMEOUT_MS);
    assert.match(engine.monitor.metrics('hook').lastError?.message ?? '', /No answer .* within 300 ms/);
  });

  test('a connection refused is retried and reported', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { engine } = await runRule({ http: { url: `http://127.0.0.1:${port}/` } });
    assert.match(engine.monitor.metrics('hook').lastError?.message ?? '', /failed: ECONNREFUSED/);
  });
});
