// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IoT SQL substitution templates are plain strings with ${...}
/**
 * One test per documented example of the AWS IoT behaviour reference, §2 (rules engine), named after it.
 * Every evaluation runs through both evaluators (see testing/evaluate-both.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SqlEvaluationError } from './eval/sql-evaluation-error.js';
import { parsePayload } from './payload.js';
import { parseSql } from './sql/parser.js';
import { SqlParseError } from './sql/sql-parse-error.js';
import { compileSql, interpretSql, NO_MATCH } from './sql-query.js';
import { compileTemplate } from './template/substitution-template.js';
import { expressionValue, run, TEST_NOW, testEnvironment } from './testing/evaluate-both.js';
import { topicMatchesFilter } from './topic/topic-filter.js';
import { WholeDecimal } from './values/value.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('§2.2 grammar', () => {
  it('keywords and function names are case-insensitive: select value ..., Round(), Trim(), Nanvl()', () => {
    assert.equal(run("select value Round(1.5) from 'a/b'"), 2);
    assert.equal(expressionValue('Trim(" hi ")'), 'hi');
    assert.equal(expressionValue('Nanvl(8, 3)'), 8);
  });

  it('attribute names are case-sensitive', () => {
    assert.deepEqual(run("SELECT Color FROM 'a/b'", { color: 'red' }), {});
  });

  it('both single and double quotes are string literals: decode(x,"base64"), get(obj,"item2"), ... = "myValue"', () => {
    assert.equal(expressionValue('decode(x,"base64")', { x: Buffer.from('hi').toString('base64') }), 'hi');
    assert.equal(expressionValue('get(obj,"item2")', { obj: { item2: 7 } }), 7);
    assert.deepEqual(run(`SELECT a FROM 'a/b' WHERE a = "myValue"`, { a: 'myValue' }), { a: 'myValue' });
  });

  it('attributes whose names contain "-" or start with a digit are read with get(obj, "name")', () => {
    assert.equal(expressionValue('get(*, "my-key")', { 'my-key': 1 }), 1);
    assert.equal(expressionValue('get(*, "1st")', { '1st': 2 }), 2);
  });

  it('comments are not supported', () => {
    assert.throws(() => parseSql("SELECT a FROM 'a/b' -- note"), SqlParseError);
  });

  it('SET, IN and CONTAINS are refused with a clear message', () => {
    assert.throws(() => parseSql("SET x = 1 SELECT a FROM 'a/b'"), /SET clauses are not supported/);
    assert.throws(() => parseSql("SELECT a FROM 'a/b' WHERE a IN [1]"), /IN operator is not supported/);
  });

  it('precedence: * before +, comparison before NOT, NOT before AND, AND before OR', () => {
    assert.equal(expressionValue('1 + 2 * 3'), 7);
    assert.equal(expressionValue('NOT 1 = 2'), true);
    assert.equal(expressionValue('NOT false AND false'), false);
    assert.equal(expressionValue('true OR false AND false'), true);
    assert.equal(expressionValue('-2 * 3'), -6);
  });

  it('binary operators are left-associative: 8 - 4 - 2 = 2, 16 / 4 / 2 = 2', () => {
    assert.equal(expressionValue('8 - 4 - 2'), 2);
    assert.equal(expressionValue('16 / 4 / 2'), 2);
  });

  it('!= is accepted as <>', () => {
    assert.equal(expressionValue('1 != 2'), true);
    assert.equal(expressionValue('1 != 1'), false);
  });
});

describe('§2.3 FROM', () => {
  it("'topic/#' matches topic/a and topic/a/b but not topic-2/x", () => {
    assert.equal(topicMatchesFilter('topic/#', 'topic/a'), true);
    assert.equal(topicMatchesFilter('topic/#', 'topic/a/b'), true);
    assert.equal(topicMatchesFilter('topic/#', 'topic-2/x'), false);
  });

  it("'topic/+' does not match topic/a/b", () => {
    assert.equal(topicMatchesFilter('topic/+', 'topic/a'), true);
    assert.equal(topicMatchesFilter('topic/+', 'topic/a/b'), false);
  });

  it("'a/#' does not match the parent a (the broker rule)", () => {
    assert.equal(topicMatchesFilter('a/#', 'a'), false);
  });

  it("a leading wildcard ('#', '+/x') does not match $aws topics", () => {
    assert.equal(topicMatchesFilter('#', '$aws/things/t/shadow/update'), false);
    assert.equal(topicMatchesFilter('+/things/t', '$aws/things/t'), false);
    assert.equal(topicMatchesFilter('$aws/things/+/shadow/#', '$aws/things/t/shadow/update'), true);
  });

  it('the topic filter must be in single quotes', () => {
    assert.throws(() => parseSql('SELECT a FROM "a/b"'), /single quotes/);
    assert.equal(parseSql("SELECT a FROM 'a/b'").from, 'a/b');
  });
});

describe('§2.4 SELECT → outgoing payload', () => {
  it('SELECT * → the incoming JSON object unchanged', () => {
    assert.deepEqual(run("SELECT * FROM 'a/b'", { color: 'red', temperature: 50 }), { color: 'red', temperature: 50 });
  });

  it('SELECT * of a non-JSON payload → the raw bytes (binary passthrough)', () => {
    const payload = parsePayload(new Uint8Array([0xff, 0x00, 0x7b]));
    assert.deepEqual(run("SELECT * FROM 'a/b'", payload), new Uint8Array([0xff, 0x00, 0x7b]));
  });

  it('SELECT *, timestamp() AS ts cannot be used with a binary payload', () => {
    const payload = parsePayload(bytes('not json'));
    assert.throws(() => run("SELECT *, timestamp() AS ts FROM 'a/b'", payload), SqlEvaluationError);
  });

  it('SELECT *, expr AS k → incoming object plus k; the explicit item wins on a clash', () => {
    assert.deepEqual(run("SELECT *, 15 as speed FROM 'a/b'", { color: 'red', temperature: 50 }), {
      color: 'red',
      temperature: 50,
      speed: 15,
    });
    assert.deepEqual(run("SELECT *, 1 AS color FROM 'a/b'", { color: 'red' }), { color: 1 });
  });

  it('SELECT a, b.c, f(x) AS k → a new object keyed by alias or last path segment', () => {
    assert.deepEqual(run("SELECT a, b.c, upper(x) AS k FROM 'a/b'", { a: 1, b: { c: 2 }, x: 'y', other: 3 }), {
      a: 1,
      c: 2,
      k: 'Y',
    });
  });

  it('SELECT color.red → key "red"; SELECT color.red as red_value → key "red_value"', () => {
    const payload = { color: { red: 255, green: 0, blue: 0 }, temperature: 50 };
    assert.deepEqual(run("SELECT color.red FROM 'a/b'", payload), { red: 255 });
    assert.deepEqual(run("SELECT color.red as red_value FROM 'a/b'", payload), { red_value: 255 });
  });

  it('SELECT foo.bar AS bar.baz → nested output {"bar":{"baz":...}}', () => {
    assert.deepEqual(run("SELECT foo.bar AS bar.baz FROM 'a/b'", { foo: { bar: 3 } }), { bar: { baz: 3 } });
  });

  it('items that evaluate to Undefined are omitted; NULL is kept as null', () => {
    assert.deepEqual(run("SELECT missing, NULL AS n, a FROM 'a/b'", { a: 1 }), { n: null, a: 1 });
  });

  it('if every item is Undefined the output is {} (and it still matches)', () => {
    assert.deepEqual(run("SELECT missing, other.thing FROM 'a/b'", { a: 1 }), {});
  });

  it('SELECT VALUE expr → the bare value: "red", 22.5, [1,2,3,4]', () => {
    const payload = { color: 'red', t: 22.5, a: { b: 'c' }, arr: [1, 2, 3, 4] };
    assert.equal(run("SELECT VALUE color FROM 'a/b'", payload), 'red');
    assert.equal(run("SELECT VALUE t FROM 'a/b'", payload), 22.5);
    assert.deepEqual(run("SELECT VALUE arr FROM 'topic'", payload), [1, 2, 3, 4]);
  });

  it('2015-10-08: SELECT VALUE cannot output a top-level array', () => {
    assert.throws(
      () => run("SELECT VALUE arr FROM 'topic'", { arr: [1] }, { version: '2015-10-08' }),
      SqlEvaluationError,
    );
    assert.equal(run("SELECT VALUE a FROM 'topic'", { a: 'x' }, { version: '2015-10-08' }), 'x');
  });

  it('SELECT (temperature – 32) * 5 / 9 AS celsius, upper(color) as my_color → {"celsius":10,"my_color":"RED"}', () => {
    const sql = "SELECT (temperature - 32) * 5 / 9 AS celsius, upper(color) as my_color FROM 'a/b'";
    assert.deepEqual(run(sql, { color: 'red', temperature: 50 }), { celsius: 10, my_color: 'RED' });
  });

  it('SELECT temp, md5(deviceid) AS hashed_id → {"temp":54.98,"hashed_id":"e37f81fb397e595c4aeb5645b8cbbbd1"}', () => {
    const payload = { deviceid: 'iot123', temp: 54.98, humidity: 32.43 };
    assert.deepEqual(run("SELECT temp, md5(deviceid) AS hashed_id FROM 'topic/#'", payload), {
      temp: 54.98,
      hashed_id: 'e37f81fb397e595c4aeb5645b8cbbbd1',
    });
  });
});

describe('§2.5 WHERE', () => {
  it('WHERE is evaluated against the incoming payload: SELECT aliases are not visible', () => {
    assert.equal(run("SELECT a AS b FROM 'a/b' WHERE b = 1", { a: 1 }), NO_MATCH);
    assert.deepEqual(run("SELECT a AS b FROM 'a/b' WHERE a = 1", { a: 1 }), { b: 1 });
  });

  it('condition() shows what WHERE evaluated to, e.g. Undefined for a missing attribute', () => {
    const query = compileSql("SELECT * FROM 'a/b' WHERE temperature > 30");
    const message = { topic: 'a/b' };
    assert.equal(query.condition({ temperature: 31 }, message), true);
    assert.equal(query.condition({ temperature: 3 }, message), false);
    assert.equal(query.condition({}, message), undefined);
    assert.equal(interpretSql("SELECT * FROM 'a/b'").condition({}, message), true);
  });

  it('only Boolean true matches: false, Undefined, Null and non-Booleans do not', () => {
    for (const condition of ['false', 'missing', 'NULL', '1', "'true'", 'a > "abc"']) {
      assert.equal(run(`SELECT * FROM 'a/b' WHERE ${condition}`, { a: 1 }), NO_MATCH, condition);
    }
    assert.deepEqual(run("SELECT * FROM 'a/b' WHERE true", { a: 1 }), { a: 1 });
  });

  it('non-JSON payload: attribute references are Undefined', () => {
    const payload = parsePayload(bytes('hello'));
    assert.equal(run("SELECT * FROM 'a/b' WHERE a = 1", payload), NO_MATCH);
    assert.equal(expressionValue('isUndefined(a)', payload), true);
  });

  it("decode(encode(*,'base64'),'base64') turns a textual payload such as 80 into a value", () => {
    const payload = parsePayload(bytes('80'));
    assert.equal(expressionValue("decode(encode(*,'base64'),'base64')", payload), 80);
    assert.deepEqual(run("SELECT * FROM 'a/b' WHERE decode(encode(*,'base64'),'base64') > 50", payload), bytes('80'));
  });
});

describe('§2.6 data types and conversions', () => {
  it('Int → Decimal keeps the value; Decimal → Int rounds to nearest (implicit, via get index)', () => {
    assert.equal(expressionValue('1 < 1.5'), true);
    assert.equal(expressionValue('get([10, 20, 30], 1.6)'), 30);
  });

  it('Boolean, Array, Object, Null do not convert to Decimal (comparisons are Undefined)', () => {
    for (const operand of ['true', '[1]', '{"a": 1}', 'NULL']) {
      assert.equal(expressionValue(`isUndefined(${operand} > 1)`), true, operand);
    }
  });

  it('String → Decimal only when it matches ^-?\\d+(\\.\\d+)?((?i)E-?\\d+)?$', () => {
    assert.equal(expressionValue('"-1.2" > -2'), true);
    assert.equal(expressionValue('"5E-12" > 0'), true);
    assert.equal(expressionValue('"5e2" = 500'), false, '= does not convert');
    assert.equal(expressionValue('"5e2" >= 500'), true);
  });

  it('strings like ".5", "+1", "1.", "0x10" do not convert', () => {
    for (const text of ['.5', '+1', '1.', '0x10']) {
      assert.equal(expressionValue(`isUndefined("${text}" > 0)`), true, text);
    }
  });

  it('String → Int parses as Decimal then truncates (cast rounds down)', () => {
    assert.equal(expressionValue('bitand("7.9", 15)'), 7);
    assert.equal(expressionValue('cast("7.9" AS Int)'), 7);
  });

  it('String → Boolean: "true"/"false" in any case, else Undefined', () => {
    assert.equal(expressionValue('"TRUE" AND "fAlSe"'), false);
    assert.equal(expressionValue('isUndefined("yes" AND true)'), true);
  });

  it('Array / Object → String: compact JSON with strings quoted', () => {
    assert.equal(expressionValue('"x" + [1, "a", true]'), 'x[1,"a",true]');
    assert.equal(expressionValue('"x" + {"k": "v"}'), 'x{"k":"v"}');
  });

  it('2016-03-23 treats whole-number decimals (10.0) as Int 10; 2015-10-08 keeps 10.0', () => {
    assert.deepEqual(run("SELECT 10.0 AS v FROM 'a/b'"), { v: 10 });
    assert.deepEqual(run("SELECT 10.0 AS v FROM 'a/b'", {}, { version: '2015-10-08' }), { v: new WholeDecimal(10) });
  });

  it('cast: true→1, false→0; 0→false, nonzero→true', () => {
    assert.equal(expressionValue('cast(true as Int)'), 1);
    assert.equal(expressionValue('cast(false as Int)'), 0);
    assert.equal(expressionValue('cast(0 as Boolean)'), false);
    assert.equal(expressionValue('cast(-2.5 as Boolean)'), true);
  });

  it('cast Decimal → Int rounds down (floor for negatives)', () => {
    assert.equal(expressionValue('cast(2.7 AS Int)'), 2);
    assert.equal(expressionValue('cast(-2.3 AS Int)'), -3);
  });

  it('cast Null → Undefined', () => {
    assert.equal(expressionValue('isUndefined(cast(NULL AS String))'), true);
    assert.equal(expressionValue('isUndefined(cast(NULL AS Int))'), true);
  });

  it('cast keywords: String, Nvarchar, Text, Ntext, varchar, Int, Integer, Double in both versions', () => {
    for (const keyword of ['String', 'Nvarchar', 'Text', 'Ntext', 'varchar']) {
      assert.equal(expressionValue(`cast(12 AS ${keyword})`, {}, { version: '2015-10-08' }), '12', keyword);
    }
    assert.equal(expressionValue('cast("12.9" AS Integer)', {}, { version: '2015-10-08' }), 12);
    assert.deepEqual(expressionValue('cast("12" AS Double)', {}, { version: '2015-10-08' }), new WholeDecimal(12));
  });

  it('cast keywords Decimal, Bool, Boolean need 2016-03-23', () => {
    for (const keyword of ['Decimal', 'Bool', 'Boolean']) {
      assert.throws(() => parseSql(`SELECT cast(1 AS ${keyword}) AS v FROM 'a/b'`, '2015-10-08'), /2016-03-23/);
    }
    assert.equal(expressionValue('cast("true" AS Bool)'), true);
    assert.equal(expressionValue('cast("1.5" AS Decimal)'), 1.5);
  });
});

describe('§2.7 operators', () => {
  it('AND/OR: Booleans or "true"/"false" strings, otherwise Undefined', () => {
    assert.equal(expressionValue('true AND "true"'), true);
    assert.equal(expressionValue('false OR "TRUE"'), true);
    assert.equal(expressionValue('isUndefined(1 AND true)'), true);
    assert.equal(expressionValue('isUndefined(missing OR true)'), true);
  });

  it('NOT: Boolean or "true"/"false" string; else Undefined', () => {
    assert.equal(expressionValue('NOT "false"'), true);
    assert.equal(expressionValue('isUndefined(NOT 0)'), true);
  });

  it('comparisons convert both sides to Decimal: "50" > 1 is true, "abc" > 1 is Undefined', () => {
    assert.equal(expressionValue('"50" > 1'), true);
    assert.equal(expressionValue('isUndefined("abc" > 1)'), true);
  });

  it("= : 50 = '50' is false (mismatched types); Int = Decimal compares values", () => {
    assert.equal(expressionValue("50 = '50'"), false);
    assert.equal(expressionValue('2 = 2.0'), true);
  });

  it('= : arrays equal item by item in order; objects with the same keys and values in any order', () => {
    assert.equal(expressionValue('[1, 2] = [1, 2]'), true);
    assert.equal(expressionValue('[1, 2] = [2, 1]'), false);
    assert.equal(expressionValue('a = {"y": 2, "x": 1}', { a: { x: 1, y: 2 } }), true);
  });

  it('= : Undefined either side → Undefined; Null = Null → true', () => {
    assert.equal(expressionValue('isUndefined(missing = 1)'), true);
    assert.equal(expressionValue('NULL = NULL'), true);
  });

  it('<> : Null <> Null → false; Undefined → Undefined; mismatched types → true', () => {
    assert.equal(expressionValue('NULL <> NULL'), false);
    assert.equal(expressionValue('isUndefined(missing <> 1)'), true);
    assert.equal(expressionValue("50 <> '50'"), true);
  });

  it('+ : a String on either side concatenates; Int + Int → Int; Int + Decimal → Decimal; else Undefined', () => {
    assert.equal(expressionValue('"a" + 1'), 'a1');
    assert.equal(expressionValue('1.5 + "b"'), '1.5b');
    assert.equal(expressionValue('2 + 3'), 5);
    assert.equal(expressionValue('2 + 0.5'), 2.5);
    assert.equal(expressionValue('isUndefined(true + 1)'), true);
  });

  it('- * / : Int op Int → Int (7 / 2 = 3, truncating toward zero); numeric strings convert', () => {
    assert.equal(expressionValue('7 / 2'), 3);
    assert.equal(expressionValue('-7 / 2'), -3);
    assert.equal(expressionValue('7.0 / 2', {}, { version: '2015-10-08' }), 3.5);
    assert.equal(expressionValue('"10" - 4'), 6);
    assert.equal(expressionValue('"2.5" * 2'), 5);
  });

  it('% : Int % Int takes the sign of the dividend', () => {
    assert.equal(expressionValue('-7 % 3'), -1);
    assert.equal(expressionValue('7 % -3'), 1);
  });

  it('division by zero → Undefined', () => {
    assert.equal(expressionValue('isUndefined(1 / 0)'), true);
    assert.equal(expressionValue('isUndefined(1.5 % 0)'), true);
  });
});

describe('§2.8 CASE', () => {
  const sql = (v: string) => `CASE ${v} WHEN 'a' THEN 1 WHEN 'b' THEN 2 ELSE 0 END`;

  it('first matching WHEN wins; ELSE when none matches', () => {
    assert.equal(expressionValue(sql('x'), { x: 'b' }), 2);
    assert.equal(expressionValue(sql('x'), { x: 'z' }), 0);
    assert.equal(expressionValue("CASE 1 WHEN 1 THEN 'first' WHEN 1 THEN 'second' END"), 'first');
  });

  it('no match and no ELSE → Undefined; subject Undefined → Undefined', () => {
    assert.equal(expressionValue("isUndefined(CASE 3 WHEN 1 THEN 'x' END)"), true);
    assert.equal(expressionValue(`isUndefined(${sql('missing')})`), true);
  });

  it('at least one WHEN', () => {
    assert.throws(() => parseSql("SELECT CASE 1 ELSE 2 END AS v FROM 'a/b'"), /at least one WHEN/);
  });
});

describe('§2.9 JSON extensions, literals, nested queries', () => {
  const message = {
    e: [
      { n: 'temperature', u: 'Cel', t: 1234, v: 22.5 },
      { n: 'light', u: 'lm', t: 1235, v: 135 },
      { n: 'acidity', u: 'pH', t: 1235, v: 7 },
    ],
  };

  it('a.b.c walks objects; any missing step → Undefined', () => {
    assert.equal(expressionValue('a.b.c', { a: { b: { c: 1 } } }), 1);
    assert.equal(expressionValue('isUndefined(a.x.c)', { a: { b: { c: 1 } } }), true);
  });

  it('get(array, i), get(string, i) (a character), get(object, key)', () => {
    assert.equal(expressionValue('get(["a", "b", "c"], 1)'), 'b');
    assert.equal(expressionValue('get("abc", 1)'), 'b', '0-based rule, not the docs’ contradicting example');
    assert.equal(expressionValue('get({"a":"b"}, "a")'), 'b');
  });

  it("object literal {'k': expr} and array literal [e1, e2] (2016-03-23)", () => {
    assert.deepEqual(expressionValue("{'k': a, 'n': [a, 2]}", { a: 1 }), { k: 1, n: [1, 2] });
    assert.throws(() => parseSql("SELECT {'k': 1} AS v FROM 'a/b'", '2015-10-08'), /2016-03-23/);
    assert.throws(() => parseSql("SELECT [1] AS v FROM 'a/b'", '2015-10-08'), /2016-03-23/);
  });

  it('SELECT (SELECT VALUE n FROM e) as sensors → {"sensors":["temperature","light","acidity"]}', () => {
    assert.deepEqual(run("SELECT (SELECT VALUE n FROM e) as sensors FROM 'my/topic'", message), {
      sensors: ['temperature', 'light', 'acidity'],
    });
  });

  it('SELECT (SELECT v FROM e WHERE n = \'temperature\') as temperature → {"temperature":[{"v":22.5}]}', () => {
    assert.deepEqual(run("SELECT (SELECT v FROM e WHERE n = 'temperature') as temperature FROM 'my/topic'", message), {
      temperature: [{ v: 22.5 }],
    });
  });

  it('SELECT get((SELECT v FROM e WHERE n = \'temperature\'), 0).v as temperature → {"temperature":22.5}', () => {
    assert.deepEqual(
      run("SELECT get((SELECT v FROM e WHERE n = 'temperature'), 0).v as temperature FROM 'topic'", message),
      {
        temperature: 22.5,
      },
    );
  });

  it('nested queries need 2016-03-23', () => {
    assert.throws(() => parseSql("SELECT (SELECT VALUE n FROM e) AS s FROM 'a/b'", '2015-10-08'), /2016-03-23/);
  });
});

describe('§2.10 functions (examples named in the reference)', () => {
  it('topic() / topic(n); the Basic Ingest prefix $aws/rules/<rule> is stripped first', () => {
    const message = { topic: '$aws/rules/BuildingManager/Buildings/Building5/Floor2/Room201/Lights' };
    assert.equal(expressionValue('topic()', {}, { message }), 'Buildings/Building5/Floor2/Room201/Lights');
    assert.equal(expressionValue('topic(3)', {}, { message }), 'Floor2');
    assert.equal(expressionValue('topic(1)', {}, { message: { topic: 'things/myThings/thingOne' } }), 'things');
    assert.equal(expressionValue('isUndefined(topic(9))', {}, { message }), true);
  });

  it('clientid() is "n/a" when the message did not come over MQTT', () => {
    assert.equal(expressionValue('clientid()', {}, { message: { clientId: 'dev-1' } }), 'dev-1');
    assert.equal(expressionValue('clientid()'), 'n/a');
  });

  it('timestamp() is epoch milliseconds; accountid() and sql_version()', () => {
    assert.equal(expressionValue('timestamp()'), TEST_NOW);
    assert.equal(expressionValue('accountid()'), '123456789012');
    assert.equal(expressionValue('sql_version()', {}, { version: '2015-10-08' }), '2015-10-08');
  });

  it('round: round(1.5)=2, round(-1.5)=-2, round(-1.1)=-1', () => {
    assert.equal(expressionValue('round(1.5)'), 2);
    assert.equal(expressionValue('round(-1.5)'), -2);
    assert.equal(expressionValue('round(-1.1)'), -1);
  });

  it('floor(-1.2)=-2, ceil(-1.2)=-1', () => {
    assert.equal(expressionValue('floor(-1.2)'), -2);
    assert.equal(expressionValue('ceil(-1.2)'), -1);
  });

  it('trunc(2.888,2)=2.88, trunc(2.00,5)=2', () => {
    assert.equal(expressionValue('trunc(2.888, 2)'), 2.88);
    assert.equal(expressionValue('trunc(2.00, 5)'), 2);
  });

  it('power(2,5)=32.0, sqrt(9)=3.0, log(100)=2.0 (double precision Decimals)', () => {
    const v2015 = { version: '2015-10-08' } as const;
    assert.deepEqual(expressionValue('power(2, 5)', {}, v2015), new WholeDecimal(32));
    assert.deepEqual(expressionValue('sqrt(9)', {}, v2015), new WholeDecimal(3));
    assert.deepEqual(expressionValue('log(100)', {}, v2015), new WholeDecimal(2));
    assert.equal(expressionValue('power(2, 5)'), 32);
  });

  it('bitand(13,5)=5, bitor(8,5)=13', () => {
    assert.equal(expressionValue('bitand(13, 5)'), 5);
    assert.equal(expressionValue('bitor(8, 5)'), 13);
  });

  it('concat(1,"hello")="1hello"', () => {
    assert.equal(expressionValue('concat(1, "hello")'), '1hello');
  });

  it('lower(["HELLO"]) → the string ["hello"]', () => {
    assert.equal(expressionValue('lower(["HELLO"])'), '["hello"]');
  });

  it('substring(123,2)="3", substring(true,1.2)="rue"', () => {
    assert.equal(expressionValue('substring(123, 2)'), '3');
    assert.equal(expressionValue('substring(true, 1.2)'), 'rue');
  });

  it('length(false)=5, numbytes("€")=3', () => {
    assert.equal(expressionValue('length(false)'), 5);
    assert.equal(expressionValue('numbytes("€")'), 3);
  });

  it('parse_time("yyyy.MM.dd G \'at\' HH:mm:ss z", 100000000, \'America/Belize\') → "1970.01.01 AD at 21:46:40 CST"', () => {
    const sql = `SELECT parse_time("yyyy.MM.dd G 'at' HH:mm:ss z", 100000000, 'America/Belize') as ts FROM 'A/B'`;
    assert.deepEqual(run(sql), { ts: '1970.01.01 AD at 21:46:40 CST' });
  });

  it('get_thing_shadow(...).state.reported.x reads the shadow; a missing shadow is Undefined', () => {
    const shadow = { state: { reported: { alarm: 'ON' } }, version: 3 };
    const environment = testEnvironment({ getThingShadow: (thing) => (thing === 'MyThing' ? shadow : undefined) });
    const sql = (thing: string) =>
      `SELECT * from 'topic/subtopic' WHERE get_thing_shadow("${thing}", "arn:aws:iam::123456789012:role/R").state.reported.alarm = 'ON'`;
    assert.deepEqual(run(sql('MyThing'), { a: 1 }, { environment }), { a: 1 });
    assert.equal(run(sql('Other'), { a: 1 }, { environment }), NO_MATCH);
  });

  it("transform('enrichArray', obj, array) merges obj's keys into each element", () => {
    const payload = { attributes: { data1: 1, data2: 2 }, values: [{ a: 3 }, { b: 4 }, { c: 5 }] };
    assert.deepEqual(run('select value transform("enrichArray", attributes, values) from \'A/B\'', payload), [
      { a: 3, data1: 1, data2: 2 },
      { b: 4, data1: 1, data2: 2 },
      { c: 5, data1: 1, data2: 2 },
    ]);
  });

  it('aws_lambda, get_dynamodb, get_secret, machinelearning_predict are refused (external services)', () => {
    for (const fn of [
      'aws_lambda("arn", *)',
      'get_dynamodb("t", "k", id, "r")',
      "get_secret('s', 'SecretString', 'k', 'r')",
    ]) {
      assert.throws(() => parseSql(`SELECT ${fn} AS v FROM 'a/b'`), /AWS service/);
    }
  });
});

describe('§2.11 Undefined / Null cheat-sheet', () => {
  it('isUndefined(x) / isNull(x) are the only safe tests', () => {
    assert.deepEqual(expressionValue('[isNull(n), isUndefined(n), isNull(m), isUndefined(m)]', { n: null }), [
      true,
      false,
      false,
      true,
    ]);
  });

  it('a missing attribute makes arithmetic and comparisons Undefined', () => {
    assert.equal(expressionValue('isUndefined(missing + 1)'), true);
    assert.equal(expressionValue('isUndefined(missing > 1)'), true);
  });
});

describe('§2.12 SQL versions', () => {
  it('2016-03-23 functions are refused in 2015-10-08', () => {
    for (const fn of [
      'encode(*, "base64")',
      'decode(a, "base64")',
      'indexof("a", "a")',
      'isUndefined(a)',
      'length("a")',
    ]) {
      assert.throws(() => parseSql(`SELECT ${fn} AS v FROM 'a/b'`, '2015-10-08'), /needs SQL version 2016-03-23/, fn);
    }
  });

  it('beta is evaluated as 2016-03-23', () => {
    assert.deepEqual(run("SELECT 10.0 AS v, [1] AS a FROM 'a/b'", {}, { version: 'beta' }), { v: 10, a: [1] });
  });
});

describe('§2.13 substitution templates', () => {
  const environment = testEnvironment();
  const message = { topic: 'devices/dev-7/telemetry', clientId: 'c' };

  it('${topic(2)} and ${timestamp()}', () => {
    assert.equal(compileTemplate('out/${topic(2)}', { environment }).render({}, message), 'out/dev-7');
    assert.equal(compileTemplate('${timestamp()}', { environment }).render({}, message), String(TEST_NOW));
  });

  it("${replace(topic(), '/', '-') + '-' + newuuid()}", () => {
    const template = compileTemplate("${replace(topic(), '/', '-') + '-' + newuuid()}", { environment });
    assert.equal(template.render({}, message), 'devices-dev-7-telemetry-123e4567-e89b-42d3-a456-426614174000');
  });

  it('expressions see the incoming payload, not the SELECT output', () => {
    assert.equal(compileTemplate('${device_id}', { environment }).render({ device_id: 'x' }, message), 'x');
  });

  it('$$aws/things/T/shadow/update renders as $aws/things/T/shadow/update', () => {
    assert.equal(compileTemplate('$$aws/things/T/shadow/update').render({}, message), '$aws/things/T/shadow/update');
  });

  it('rendering: strings raw, numbers and booleans as text, objects/arrays as compact JSON, Undefined as ""', () => {
    const payload = { s: 'txt', n: 1.5, b: true, o: { k: [1, 'a'] }, z: null };
    const template = compileTemplate('${s}|${n}|${b}|${o}|${missing}|${z}');
    assert.equal(template.render(payload, message), 'txt|1.5|true|{"k":[1,"a"]}||null');
  });
});
