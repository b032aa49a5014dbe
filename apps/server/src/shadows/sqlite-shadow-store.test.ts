import { after } from 'node:test';
import { shadowStoreContract } from '@meridian/shadow/contracts';
import { type Db, openDatabase } from '../db/database.js';
import { SqliteShadowStore } from './sqlite-shadow-store.js';

const opened: Db[] = [];
after(() => {
  for (const database of opened) database.close();
});

shadowStoreContract(SqliteShadowStore.name, () => {
  const db = openDatabase(':memory:');
  opened.push(db);
  return new SqliteShadowStore(db);
});
