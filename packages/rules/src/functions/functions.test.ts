/** Every function of the catalog, with AWS's documented examples and argument-type tables. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ruleEnvironment } from '../environment.js';
import { parseSql } from '../sql/parser.js';
import { compileSql } from '../sql-query.js';
import { testEnvironment, expressionValue as value } from '../testing/evaluate-both.js';
import { WholeDecimal } from '../values/value.js';
import { functionNames } from './catalog.js';

const v2015 = { version: '2015-10-08' } as const;
const undef = (expr: string, payload = {}) => assert.equal(value(`isUndefined(${expr})`, payload), true, expr);

describe('math functions', () => {
  it('abs: Int → Int, Decimal → Decimal, numeric String → Decimal, other → Undefined', () => {
    assert.equal(value('abs(-5)'), 5);
    assert.equal(value('abs(-2.5)'), 2.5);
    assert.equal(value('abs("-3.5")'), 3.5);
    undef('abs(true)');
    undef('abs(NULL)');
  });

  it('acos, asin, atan, atan2, cos, cosh, sin, sinh, tan, tanh, exp, ln, log, sqrt in double precision', () => {
    assert.equal(value('acos(0)'), Math.PI / 2);
    assert.equal(value('asin(0)'), 0);
    assert.equal(value('atan(0)'), 0);
    assert.equal(value('atan2(1, 0)'), Math.PI / 2);
    assert.equal(value('cos(0)'), 1);
    assert.equal(value('cosh(2.3)'), 5.037220649268761);
    assert.equal(value('sin(0)'), 0);
    assert.equal(value('sinh(2.3)'), 4.936961805545957);
    assert.equal(value('tan(3)'), -0.1425465430742778);
    assert.equal(value('tanh(2.3)'), 0.9800963962661914);
    assert.equal(value('exp(1)'), Math.E);
    assert.equal(value(`ln(${Math.E})`), 1);
    assert.equal(value('log(100)'), 2);
    assert.equal(value('sqrt("16")'), 4);
  });

  it('imaginary or infinite results are Undefined: acos(2), sqrt(-1), ln(0)', () => {
    undef('acos(2)');
    undef('sqrt(-1)');
    undef('ln(0)');
    undef('cos("abc")');
  });

  it('bitand, bitor, bitxor, bitnot round down and accept numeric strings', () => {
    assert.equal(value('bitand(13, 5)'), 5);
    assert.equal(value('bitor(8, 5)'), 13);
    assert.equal(value('bitxor(13, 5)'), 8);
    assert.equal(value('bitand(13.9, "5.2")'), 5);
    assert.equal(value('bitnot(13)'), -14, "64-bit two's complement");
    undef('bitor(true, 1)');
  });

  it('ceil and floor give Ints', () => {
    assert.equal(value('ceil(1.2)'), 2);
    assert.equal(value('floor(1.2)'), 1);
    assert.equal(value('ceil("-1.2")'), -1);
    assert.equal(value('floor(7)'), 7);
    undef('floor([1,2,3])');
  });

  it('mod and remainder are %: mod(8, 3) = 2, remainder(8, 3) = 2, decimals stay exact', () => {
    assert.equal(value('mod(8, 3)'), 2);
    assert.equal(value('remainder(8, 3)'), 2);
    assert.equal(value('mod(5.5, 2.2)'), 1.1);
    assert.equal(value('mod("9", 4)'), 1);
    undef('mod(1, 0)');
  });

  it('nanvl returns the second argument for Undefined or Null', () => {
    assert.equal(value('nanvl(8, 3)'), 8);
    assert.equal(value('nanvl(missing, 3)'), 3);
    assert.equal(value('nanvl(NULL, "x")'), 'x');
    assert.equal(value('nanvl("a", 3)'), 'a');
  });

  it('power(2, 5) = 32.0; strings convert', () => {
    assert.deepEqual(value('power(2, 5)', {}, v2015), new WholeDecimal(32));
    assert.equal(value('power("2", 0.5)'), Math.SQRT2);
    undef('power(2, "x")');
  });

  it('rand() comes from the environment', () => {
    assert.equal(value('rand()'), 0.25);
  });

  it('round: Int unchanged, halves away from zero', () => {
    assert.equal(value('round(7)'), 7);
    assert.equal(value('round(1.2)'), 1);
    assert.equal(value('round(1.7)'), 2);
    assert.equal(value('round("2.5")'), 3);
  });

  it('sign: -1, 0, 1 as Int', () => {
    assert.equal(value('sign(-7)'), -1);
    assert.equal(value('sign(0)'), 0);
    assert.equal(value('sign(13)'), 1);
    assert.equal(value('sign("-0.5")'), -1);
  });

  it('trunc: examples, digits clamped to 0..34, strings convert', () => {
    assert.equal(value('trunc(2.3, 0)'), 2);
    assert.equal(value('trunc(2.3123, 2)'), 2.31);
    assert.equal(value('trunc(1.13, 2)'), 1.13, 'decimal text, not binary floating point');
    assert.equal(value('trunc(-2.777, 1)'), -2.7);
    assert.equal(value('trunc(2.5, -3)'), 2);
    assert.equal(value('trunc("1.23456", 3)'), 1.234);
    assert.equal(value('trunc(0.00000015, 34)'), 1.5e-7);
    assert.equal(value('trunc(7, 2)'), 7);
    undef('trunc("x", 1)');
  });
});

describe('string functions', () => {
  it('chr: ASCII code to character; out of range → Undefined', () => {
    assert.equal(value('chr(65)'), 'A');
    assert.equal(value('chr(49)'), '1');
    assert.equal(value('chr("65.7")'), 'A');
    undef('chr(300)');
    undef('chr(true)');
  });

  it('concat: the documented examples', () => {
    undef('concat()');
    assert.equal(value('concat(1)'), 1);
    assert.deepEqual(value('concat([1, 2, 3], 4)'), [1, 2, 3, 4]);
    assert.deepEqual(value('concat([1, 2, 3], "hello")'), [1, 2, 3, 'hello']);
    assert.equal(value('concat("con", "cat")'), 'concat');
    assert.equal(value('concat(1, "hello")'), '1hello');
    assert.equal(value('concat("he","is","man")'), 'heisman');
    assert.deepEqual(value('concat([1, 2, 3], "hello", [4, 5, 6])'), [1, 2, 3, 'hello', 4, 5, 6]);
  });

  it('startswith / endswith convert to String; Null or Undefined → Undefined', () => {
    assert.equal(value('startswith("ranger","ran")'), true);
    assert.equal(value('endswith("cat","at")'), true);
    assert.equal(value('endswith(123, 3)'), true);
    undef('startswith(NULL, "a")');
    undef('endswith("a", missing)');
  });

  it('indexof: first 0-based index, -1 when absent', () => {
    assert.equal(value('indexof("abcd", "bc")'), 1);
    assert.equal(value('indexof("abcd", "x")'), -1);
    assert.equal(value('indexof(12345, 34)'), 2);
  });

  it('length and numbytes', () => {
    assert.equal(value('length("hi")'), 2);
    assert.equal(value('numbytes("hi")'), 2);
    assert.equal(value('numbytes("€")'), 3);
  });

  it('lower / upper convert non-strings', () => {
    assert.equal(value('lower("HELLO")'), 'hello');
    assert.equal(value('upper("hello")'), 'HELLO');
    assert.equal(value('upper(["hello"])'), '["HELLO"]');
    undef('lower(NULL)');
  });

  it('lpad / rpad: examples, count clamped to 0..1000, rounded down', () => {
    assert.equal(value('lpad("hello", 2)'), '  hello');
    assert.equal(value('lpad(1, 3)'), '   1');
    assert.equal(value('rpad("hello", 2)'), 'hello  ');
    assert.equal(value('rpad(1, 3)'), '1   ');
    assert.equal(value('lpad("a", 2.9)'), '  a');
    assert.equal(value('lpad("a", -4)'), 'a');
    assert.equal((value('rpad("", 5000)') as string).length, 1000);
    undef('lpad("a", true)');
  });

  it('trim, ltrim, rtrim strip spaces and tabs', () => {
    assert.equal(value('Trim(" hi ")'), 'hi');
    assert.equal(value('Ltrim(" h i ")'), 'h i ');
    assert.equal(value('rtrim(" h i ")'), ' h i');
    assert.equal(value('trim("\\t x \\t")'), 'x');
  });

  it('replace: all literal occurrences', () => {
    assert.equal(value('replace("abcd", "bc", "x")'), 'axd');
    assert.equal(value('replace("abcdabcd", "b", "x")'), 'axcdaxcd');
    assert.equal(value('replace("a.b", ".", "$")'), 'a$b');
  });

  it('regexp_matches / regexp_replace / regexp_substr: examples; invalid regex → Undefined', () => {
    assert.equal(value('regexp_matches("aaaa", "a{2,}")'), true);
    assert.equal(value('regexp_matches("aaaa", "b")'), false);
    assert.equal(value('regexp_replace("abcd", "bc", "x")'), 'axd');
    assert.equal(value('regexp_replace("abcd", "b(.*)d", "$1")'), 'ac');
    assert.equal(value('regexp_substr("hihihello", "hi")'), 'hi');
    assert.equal(value('regexp_substr("hihihello", "(hi)*")'), 'hihi');
    assert.equal(value('regexp_matches("ABC", "(?i)abc")'), true);
    assert.equal(value('regexp_matches("a12", "\\d+")'), true);
    undef('regexp_matches("a", "(")');
    undef('regexp_substr("abc", "x")');
  });

  it('substring: the documented examples', () => {
    assert.equal(value('substring("012345", 0)'), '012345');
    assert.equal(value('substring("012345", 2)'), '2345');
    assert.equal(value('substring("012345", 2.745)'), '2345');
    assert.equal(value('substring(123, 2)'), '3');
    assert.equal(value('substring("012345", -1)'), '012345');
    assert.equal(value('substring(true, 1.2)'), 'rue');
    assert.equal(value('substring(false, -2.411E247)'), 'false');
    assert.equal(value('substring("012345", 1, 3)'), '12');
    assert.equal(value('substring("012345", -50, 50)'), '012345');
    assert.equal(value('substring("012345", 3, 1)'), '');
    undef('substring("abc", 1, missing)');
  });
});

describe('encoding and hashing functions', () => {
  it('encode(value, "base64") converts to String first; encode(*) encodes the payload bytes as received', () => {
    assert.equal(value('encode("hi", "base64")'), 'aGk=');
    assert.equal(value('encode(12, "base64")'), 'MTI=');
    const raw = new TextEncoder().encode('{ "a" : 1 }');
    assert.equal(value("encode(*, 'base64')", { a: 1 }, { message: { raw } }), Buffer.from(raw).toString('base64'));
    assert.equal(value("encode(*, 'base64')", { a: 1 }), Buffer.from('{"a":1}').toString('base64'));
  });

  it('decode: JSON text → value, other text → string, not base64 → Null, binary → bytes', () => {
    assert.deepEqual(value('decode(s, "base64")', { s: Buffer.from('{"t":33}').toString('base64') }), { t: 33 });
    assert.equal(value('decode(s, "base64")', { s: Buffer.from('plain').toString('base64') }), 'plain');
    assert.equal(value('decode("***", "base64")'), null);
    assert.deepEqual(value('decode("/wA=", "base64")'), new Uint8Array([0xff, 0x00]));
  });

  it('encode/decode refuse other schemes when written as literals', () => {
    assert.throws(() => parseSql("SELECT decode(a, 'protobuf') AS v FROM 'a/b'"), /base64/);
    assert.equal(value("isUndefined(encode('x', s))", { s: 'hex' }), true);
  });

  it('md2, md5, sha1, sha224, sha256, sha384, sha512: lowercase hex of the String conversion', () => {
    assert.equal(value('md2("hello")'), 'a9046c73e00331af68917d3804f70655');
    assert.equal(value('md5("hello")'), '5d41402abc4b2a76b9719d911017c592');
    assert.equal(value('sha1("hello")'), 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d');
    assert.equal(value('sha224("hello")'), 'ea09ae9cc6768c50fcee903ed054556e5bfc8347907f12598aa24193');
    assert.equal(value('sha256("hello")'), '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    assert.equal((value('sha384("hello")') as string).length, 96);
    assert.equal((value('sha512("hello")') as string).length, 128);
    assert.equal(value('md5(123)'), value('md5("123")'));
    undef('md5(NULL)');
  });

  it('newuuid() comes from the environment; the default is a random v4 UUID', () => {
    assert.equal(value('newuuid()'), '123e4567-e89b-42d3-a456-426614174000');
    const random = compileSql("SELECT VALUE newuuid() FROM 'a/b'", { environment: ruleEnvironment() });
    const uuid = random.evaluate({}, { topic: 'a/b' });
    assert.notEqual(uuid, random.evaluate({}, { topic: 'a/b' }));
    assert.match(uuid as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('context functions', () => {
  const message = {
    topic: 'a/b/c',
    principal: 'ba67293af50bf2506f5f93469686da660c7c844e7b3950bfb16813e0d31e9373',
    traceId: '12345678-1234-1234-1234-123456789012',
    sourceIp: '127.0.0.1',
    timestamp: 42,
    mqttProperties: {
      payloadFormatIndicator: 1 as const,
      contentType: 'application/json',
      responseTopic: 'reply/here',
      correlationData: new Uint8Array([1, 2]),
      userProperties: [
        ['k', 'v1'],
        ['other', 'x'],
        ['k', 'v2'],
      ] as const,
    },
  };

  it('principal(), traceid(), sourceip(), timestamp() read the message', () => {
    assert.equal(value('principal()', {}, { message }), message.principal);
    assert.equal(value('traceid()', {}, { message }), message.traceId);
    assert.equal(value('sourceip()', {}, { message }), '127.0.0.1');
    assert.equal(value('timestamp()', {}, { message }), 42);
    undef('traceid()');
    undef('principal()');
  });

  it('topic(n): 1-based; levels out of range → Undefined; Decimal n rounds down', () => {
    assert.equal(value('topic()', {}, { message }), 'a/b/c');
    assert.equal(value('topic(3)', {}, { message }), 'c');
    assert.equal(value('topic(n)', { n: 2.9 }, { message }), 'b');
    assert.equal(value('isUndefined(topic(0))', {}, { message }), true);
    assert.equal(value('isUndefined(topic(4))', {}, { message }), true);
  });

  it('get_mqtt_property(name) reads MQTT 5 properties', () => {
    assert.equal(value("get_mqtt_property('format_indicator')", {}, { message }), 'UTF8_DATA');
    assert.equal(value("get_mqtt_property('content_type')", {}, { message }), 'application/json');
    assert.equal(value("get_mqtt_property('response_topic')", {}, { message }), 'reply/here');
    assert.equal(value("get_mqtt_property('correlation_data')", {}, { message }), 'AQI=');
    assert.equal(value("isUndefined(get_mqtt_property('nope'))", {}, { message }), true);
  });

  it('get_user_properties(key) lists every value of the key in order', () => {
    assert.deepEqual(value("get_user_properties('k')", {}, { message }), ['v1', 'v2']);
    assert.equal(value("isUndefined(get_user_properties('none'))", {}, { message }), true);
  });

  it('get_thing_shadow(thing, shadowName, roleArn) passes the shadow name to the port', () => {
    const calls: unknown[] = [];
    const environment = testEnvironment({
      getThingShadow: (thing, shadow) => {
        calls.push([thing, shadow]);
        return { state: { reported: { on: true } } };
      },
    });
    assert.equal(value("get_thing_shadow('T', 'named', 'arn:role').state.reported.on", {}, { environment }), true);
    assert.equal(value("get_thing_shadow('T', 'arn:role').state.reported.on", {}, { environment }), true);
    // Each expression runs once per evaluator.
    assert.deepEqual(calls, [
      ['T', 'named'],
      ['T', 'named'],
      ['T', undefined],
      ['T', undefined],
    ]);
    assert.equal(value('isUndefined(get_thing_shadow(1, "arn"))', {}, { environment }), true);
  });
});

describe('collection and test functions', () => {
  it('get: the documented examples; out-of-range → Undefined; object keys are not converted', () => {
    assert.equal(value('get(["a", "b", "c"], 1)'), 'b');
    assert.equal(value('get({"a":"b"}, "a")'), 'b');
    assert.equal(value('get(["a"], "0")'), 'a');
    undef('get(["a"], 1)');
    undef('get(["a"], -1)');
    undef('get({"1": "x"}, 1)');
    undef('get(5, 0)');
  });

  it('a[i] indexing behaves like get', () => {
    assert.equal(value('arr[1]', { arr: [10, 20] }), 20);
    assert.equal(value('obj["k"].x', { obj: { k: { x: 1 } } }), 1);
    undef('arr[5]');
  });

  it('get_or_default replaces Undefined and Null', () => {
    assert.equal(value('get_or_default(missing, 5)'), 5);
    assert.equal(value('get_or_default(n, 5)', { n: null }), 5);
    assert.equal(value('get_or_default(a, 5)', { a: 0 }), 0);
  });

  it('isNull and isUndefined follow their tables', () => {
    assert.equal(value('isNull(5)'), false);
    assert.equal(value('isNull(Null)'), true);
    assert.equal(value('isNull(missing)'), false);
    assert.equal(value('isUndefined(5)'), false);
    assert.equal(value('isUndefined(floor([1,2,3]))'), true);
  });

  it('transform: example 2 renames with a literal object; other modes → Undefined', () => {
    const payload = { attributes: { data1: 1, data2: 2 }, values: [{ a: 3 }, { b: 4 }, { c: 5 }] };
    assert.deepEqual(value('transform("enrichArray", {"key": attributes.data1}, values)', payload), [
      { a: 3, key: 1 },
      { b: 4, key: 1 },
      { c: 5, key: 1 },
    ]);
    undef('transform("other", attributes, values)', payload);
    undef('transform("enrichArray", 1, values)', payload);
  });

  it('transform: example 3 with nested queries over an object', () => {
    const payload = {
      data1: 'example',
      data2: {
        a: 'first attribute',
        b: 'second attribute',
        c: [
          { x: { someInt: 5, someString: 'hello' }, y: true },
          { x: { someInt: 10, someString: 'world' }, y: false },
        ],
      },
    };
    assert.deepEqual(
      value("transform('enrichArray', (select a, b from data2), (select value c from data2))", payload),
      [
        { x: { someInt: 5, someString: 'hello' }, y: true, a: 'first attribute', b: 'second attribute' },
        { x: { someInt: 10, someString: 'world' }, y: false, a: 'first attribute', b: 'second attribute' },
      ],
    );
  });
});

describe('function catalog', () => {
  it('covers AWS IoT SQL functions that need no AWS service', () => {
    const expected =
      `abs accountid acos asin atan atan2 bitand bitnot bitor bitxor ceil chr clientid concat cos cosh decode
      encode endswith exp floor get get_mqtt_property get_or_default get_thing_shadow get_user_properties indexof isnull
      isundefined length ln log lower lpad ltrim md2 md5 mod nanvl newuuid numbytes parse_time power principal rand
      regexp_matches regexp_replace regexp_substr remainder replace round rpad rtrim sha1 sha224 sha256 sha384 sha512
      sign sin sinh sourceip sql_version sqrt startswith substring tan tanh time_to_epoch timestamp topic traceid
      transform trim trunc upper`.split(/\s+/);
    assert.deepEqual(functionNames(), expected.sort());
  });

  it('wrong argument counts are parse errors', () => {
    assert.throws(() => parseSql("SELECT abs(1, 2) AS v FROM 'a/b'"), /abs\(\) takes 1 argument, got 2/);
    assert.throws(() => parseSql("SELECT substring('a') AS v FROM 'a/b'"), /takes 2 to 3 arguments/);
    assert.throws(() => parseSql("SELECT nope(1) AS v FROM 'a/b'"), /Unknown function nope\(\)/);
  });
});
