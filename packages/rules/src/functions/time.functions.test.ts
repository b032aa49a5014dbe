// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IoT SQL substitution templates are plain strings with ${...}
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSql } from '../sql/parser.js';
import { expressionValue as value } from '../testing/evaluate-both.js';
import { parseJavaTime } from './java-time-parse.js';
import { formatJodaTime } from './joda-format.js';

describe('parse_time (Joda-Time patterns)', () => {
  it('the documented example in America/Belize', () => {
    assert.equal(
      value(`parse_time("yyyy.MM.dd G 'at' HH:mm:ss z", 100000000, "America/Belize")`),
      '1970.01.01 AD at 21:46:40 CST',
    );
  });

  it('defaults to UTC; ${parse_time("yyyy", timestamp(), "UTC")} style', () => {
    assert.equal(value('parse_time("yyyy-MM-dd HH:mm:ss.SSS z", 1585903518123)'), '2020-04-03 08:45:18.123 UTC');
    assert.equal(value('parse_time("yyyy", 1585903518123, "UTC")'), '2020');
  });

  it('text fields, 12-hour clock, day of year, week fields and offsets', () => {
    const millis = Date.UTC(2021, 0, 3, 15, 4, 5, 6);
    assert.equal(formatJodaTime('EEEE, MMMM d, yy h:mm a', millis, 'UTC'), 'Sunday, January 3, 21 3:04 PM');
    assert.equal(formatJodaTime('EEE MMM dd D', millis, 'UTC'), 'Sun Jan 03 3');
    assert.equal(formatJodaTime('xxxx-ww-e', millis, 'UTC'), '2020-53-7');
    assert.equal(formatJodaTime('HH:mm Z|ZZ|ZZZ', millis, 'Asia/Kolkata'), '20:34 +0530|+05:30|Asia/Kolkata');
    assert.equal(formatJodaTime('k K S SS SSSS', Date.UTC(2021, 0, 1, 0, 0, 0, 60), 'UTC'), '24 0 0 06 0600');
    assert.equal(formatJodaTime("'quoted ''text''' yyyy", 0, 'UTC'), "quoted 'text' 1970");
  });

  it('unknown zones and non-numeric timestamps give Undefined', () => {
    assert.equal(value('isUndefined(parse_time("yyyy", 0, "Nowhere/City"))'), true);
    assert.equal(value('isUndefined(parse_time("yyyy", "abc"))'), true);
  });

  it('a literal pattern with an unknown letter is a parse error', () => {
    assert.throws(() => parseSql(`SELECT parse_time("yyyy qq", 0) AS t FROM 'a/b'`), /unknown pattern letter "q"/);
  });
});

describe('time_to_epoch (java.time patterns)', () => {
  it('the documented examples', () => {
    assert.equal(value('time_to_epoch("2020-04-03 09:45:18 UTC+01:00", "yyyy-MM-dd HH:mm:ss VV")'), 1585903518000);
    assert.equal(value('time_to_epoch("18 December 2015", "dd MMMM yyyy")'), 1450396800000);
    assert.equal(
      value('time_to_epoch("2007-12-03 10:15:30.592 America/Los_Angeles", "yyyy-MM-dd HH:mm:ss.SSS z")'),
      1196705730592,
    );
  });

  it('offsets, abbreviations, 12-hour clock, adjacent numeric fields', () => {
    assert.equal(parseJavaTime('2020-04-03T09:45:18+01:00', "yyyy-MM-dd'T'HH:mm:ssXXX"), 1585903518000);
    assert.equal(parseJavaTime('2020-04-03T08:45:18Z', "yyyy-MM-dd'T'HH:mm:ssX"), 1585903518000);
    assert.equal(parseJavaTime('20200403084518', 'yyyyMMddHHmmss'), 1585903518000);
    assert.equal(parseJavaTime('Apr 3, 2020 8:45 AM', 'MMM d, yyyy h:mm a'), Date.UTC(2020, 3, 3, 8, 45));
    assert.equal(parseJavaTime('2020-01-15 12:00 PST', 'yyyy-MM-dd HH:mm z'), Date.UTC(2020, 0, 15, 20, 0));
    assert.equal(parseJavaTime('2020-034', 'yyyy-DDD'), Date.UTC(2020, 1, 3));
  });

  it('text that does not match, invalid dates or no date → Undefined', () => {
    assert.equal(parseJavaTime('2020-02-30', 'yyyy-MM-dd'), undefined);
    assert.equal(parseJavaTime('hello', 'yyyy-MM-dd'), undefined);
    assert.equal(parseJavaTime('12:00', 'HH:mm'), undefined);
    assert.equal(value('isUndefined(time_to_epoch(1, "yyyy"))'), true);
  });

  it('a literal pattern with an unsupported letter is a parse error', () => {
    assert.throws(() => parseSql(`SELECT time_to_epoch(t, "yyyy [MM]") AS v FROM 'a/b'`), /optional sections/);
    assert.throws(
      () => parseSql(`SELECT time_to_epoch(t, "yyyy QQ") AS v FROM 'a/b'`),
      /unsupported pattern letter "QQ"/,
    );
  });
});
