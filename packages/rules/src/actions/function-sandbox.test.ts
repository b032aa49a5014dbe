import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newTestRules } from '../service/test-helpers.js';
import { FunctionSandbox } from './function-sandbox.js';

const context = { ruleName: 'r', topic: 't/1', clientId: 'c', timestamp: 5 };

async function callOnce(code: string, event: unknown = { a: 1 }, limits = { timeoutMs: 200, memoryLimitMb: 32 }) {
  const sut = new FunctionSandbox(code, limits);
  try {
    return await sut.call(JSON.stringify(event), context);
  } finally {
    sut.close();
  }
}

describe(FunctionSandbox.name, () => {
  test('returns the JSON of what the function returns, with the event and context it was given', async () => {
    const result = await callOnce('return { doubled: event.a * 2, topic: context.topic, rule: context.ruleName };');
    assert.deepEqual(JSON.parse(result as string), { doubled: 2, topic: 't/1', rule: 'r' });
    assert.equal(await callOnce('return undefined;'), undefined);
  });

  test('a function that runs past its time limit is stopped, and the next call works', async () => {
    const sut = new FunctionSandbox('if (event.loop) { for (;;) {} } return event;', {
      timeoutMs: 100,
      memoryLimitMb: 32,
    });
    try {
      const started = performance.now();
      await assert.rejects(sut.call('{"loop":true}', context), /timed out after 100 ms/);
      assert.ok(performance.now() - started < 2000);
      assert.equal(await sut.call('{"loop":false}', context), '{"loop":false}');
    } finally {
      sut.close();
    }
  });

  test('an endless promise chain is bound by the time limit too', async () => {
    await assert.rejects(
      callOnce(
        'const spin = () => Promise.resolve().then(spin); spin(); return 1;',
        {},
        { timeoutMs: 100, memoryLimitMb: 32 },
      ),
      /timed out/,
    );
  });

  test('a function that allocates past its memory limit is stopped, and the worker is replaced', async () => {
    const sut = new FunctionSandbox(
      'if (event.grow) { const keep = []; for (;;) keep.push(new Array(1e5).fill(event)); } return 1;',
      {
        timeoutMs: 5000,
        memoryLimitMb: 16,
      },
    );
    try {
      await assert.rejects(sut.call('{"grow":true}', context), /exceeded its memory limit of 16 MB|crashed|stopped/);
      assert.equal(await sut.call('{"grow":false}', context), '1');
    } finally {
      sut.close();
    }
  });

  test('no require, import, process, network, timers, Buffer or eval', async () => {
    const probes = {
      require: 'return typeof require',
      process: 'return typeof process',
      fetch: 'return typeof fetch',
      setTimeout: 'return typeof setTimeout',
      Buffer: 'return typeof Buffer',
      // V8 gives every context an inspector-only console (it prints nothing).
      globals:
        "return Object.getOwnPropertyNames(globalThis).filter((k) => !k.startsWith('__') && /^[a-z]/.test(k) && !['undefined', 'console', 'globalThis', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'unescape', 'eval'].includes(k)).length",
    };
    for (const [name, code] of Object.entries(probes)) {
      const result = await callOnce(code);
      assert.ok(result === '"undefined"' || result === '0', `${name} is reachable: ${result}`);
    }
    await assert.rejects(callOnce('return eval("1 + 1")'), /threw: Code generation from strings disallowed/);
    await assert.rejects(
      callOnce("return event.constructor.constructor('return process')()"),
      /threw: Code generation from strings disallowed/,
    );
    const importer = new FunctionSandbox(
      "if (event.start) { import('node:fs').then(() => { globalThis.r = 'loaded'; }, (e) => { globalThis.r = 'refused'; }); return 1; } return globalThis.r;",
      { timeoutMs: 200, memoryLimitMb: 32 },
    );
    try {
      await importer.call('{"start":true}', context);
      assert.equal(await importer.call('{}', context), '"refused"');
    } finally {
      importer.close();
    }
  });

  test('a function that throws reports its message', async () => {
    await assert.rejects(callOnce('throw new Error("bad reading")'), /threw: bad reading/);
  });
});

describe('function action', () => {
  test('transforms the output for the actions after it; those before it get the SELECT output; undefined stops them', async () => {
    const { sut, engine, publish, publishedText } = newTestRules();
    await sut.createTopicRule('f', {
      sql: "SELECT temperature AS c FROM 'in'",
      actions: [
        { republish: { topic: 'raw' } },
        { function: { code: 'if (event.c < 0) return undefined; return { f: event.c * 9 / 5 + 32 };' } },
        { republish: { topic: 'fahrenheit' } },
      ],
    });
    publish('in', { temperature: 100 });
    publish('in', { temperature: -5 });
    await engine.whenIdle();
    engine.close();
    assert.deepEqual(
      publishedText().sort((a, b) => a.topic.localeCompare(b.topic) || a.payload.localeCompare(b.payload)),
      [
        { topic: 'fahrenheit', payload: '{"f":212}' },
        { topic: 'raw', payload: '{"c":-5}' },
        { topic: 'raw', payload: '{"c":100}' },
      ],
    );
    assert.equal(engine.monitor.metrics('f').actionsSucceeded, 5);
  });

  test('a failing function is reported and the actions after it do not run', async () => {
    const { sut, engine, publish, published } = newTestRules();
    await sut.createTopicRule('f', {
      sql: "SELECT * FROM 'in'",
      actions: [{ function: { code: 'throw new Error("nope")' } }, { republish: { topic: 'after' } }],
      errorAction: { republish: { topic: 'errors' } },
    });
    publish('in', {});
    await engine.whenIdle();
    await engine.close();
    assert.deepEqual(
      published.map((m) => m.topic),
      ['errors'],
    );
    const document = JSON.parse(Buffer.from(published[0]?.payload as Uint8Array).toString());
    assert.deepEqual(document.failures, [
      { failedAction: 'FunctionAction', failedResource: 'f', errorMessage: 'Function threw: nope' },
    ]);
  });
});
