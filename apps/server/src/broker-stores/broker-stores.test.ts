import { after } from 'node:test';
import { retainedStoreContract, sessionStoreContract } from '@meridian/broker/contracts';
import { type Db, openDatabase } from '../db/database.js';
import { SqliteRetainedStore } from './sqlite-retained-store.js';
import { SqliteSessionStore } from './sqlite-session-store.js';

const opened: Db[] = [];
function db(): Db {
  const database = openDatabase(':memory:');
  opened.push(database);
  return database;
}
after(() => {
  for (const database of opened) database.close();
});

retainedStoreContract(SqliteRetainedStore.name, () => new SqliteRetainedStore(db()));
sessionStoreContract(SqliteSessionStore.name, () => new SqliteSessionStore(db()));
