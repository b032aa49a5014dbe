import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseStdinCommand } from './stdin-commands.js';

describe('parseStdinCommand', () => {
  test('offline and online take one thing name', () => {
    assert.deepEqual(parseStdinCommand('offline sim-3'), { name: 'offline', thingName: 'sim-3' });
    assert.deepEqual(parseStdinCommand('  online   sim-3 \n'), { name: 'online', thingName: 'sim-3' });
    assert.deepEqual(parseStdinCommand('offline'), { name: 'invalid', message: 'usage: offline <thing>' });
    assert.deepEqual(parseStdinCommand('online a b'), { name: 'invalid', message: 'usage: online <thing>' });
  });

  test('status, help, blank lines and unknown commands', () => {
    assert.deepEqual(parseStdinCommand('status'), { name: 'status' });
    assert.deepEqual(parseStdinCommand('help'), { name: 'help' });
    assert.deepEqual(parseStdinCommand('   '), { name: 'none' });
    assert.deepEqual(parseStdinCommand('reboot sim-1'), {
      name: 'invalid',
      message: 'unknown command "reboot sim-1"; type help for the list',
    });
  });
});
