import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '@meridian/contracts';
import Fastify from 'fastify';
import { installErrorHandler } from './error-handler.js';

test('a DomainError thrown by a console route answers its status and the exception name as code', async () => {
  const app = Fastify({ logger: false });
  installErrorHandler(app);
  app.get('/thing', async () => {
    throw new DomainError('ResourceNotFoundException', 'Thing lamp-1 does not exist');
  });
  app.get('/broken', async () => {
    throw new DomainError('InternalFailureException', 'database is locked');
  });

  const missing = await app.inject({ method: 'GET', url: '/thing' });
  assert.equal(missing.statusCode, 404);
  assert.deepEqual(missing.json(), { code: 'ResourceNotFoundException', message: 'Thing lamp-1 does not exist' });

  const broken = await app.inject({ method: 'GET', url: '/broken' });
  assert.equal(broken.statusCode, 500);
  assert.equal(broken.json().message, 'Internal server error', 'server faults never leak their message');
  await app.close();
});
