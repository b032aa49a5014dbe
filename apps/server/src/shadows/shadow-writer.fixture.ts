// A process that applies shadow updates read from stdin (one JSON payload per line) to a SQLite
// file and prints each /update/accepted document; the durability test kills it with SIGKILL.
import { createInterface } from 'node:readline';
import { ShadowService } from '@meridian/shadow';
import { openDatabase } from '../db/database.js';
import { SqliteShadowStore } from './sqlite-shadow-store.js';

const [file] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: shadow-writer.fixture.ts <database file>');

const service = new ShadowService({
  store: new SqliteShadowStore(openDatabase(file)),
  publish: (topic, payload) => {
    if (topic.endsWith('/update/accepted')) process.stdout.write(`${payload.toString()}\n`);
  },
});

createInterface({ input: process.stdin }).on('line', (line) => {
  void service.handleMqtt('$aws/things/lamp-1/shadow/update', Buffer.from(line), 'writer');
});
