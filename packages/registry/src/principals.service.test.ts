import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PrincipalsService } from './principals.service.js';
import { certArn, newTestRegistry, rejectsWith } from './test-registry.js';

async function registryWithThings(...names: string[]) {
  const registry = newTestRegistry();
  for (const thingName of names) await registry.sut.things.create({ thingName });
  return registry;
}

describe(PrincipalsService.name, () => {
  test('attaching to an unknown thing or an unknown principal is ResourceNotFoundException', async () => {
    const { sut } = await registryWithThings('t');
    await rejectsWith(
      sut.principals.attach({ thingName: 'nope', principal: certArn(1) }),
      'ResourceNotFoundException',
      /nope/,
    );
    await rejectsWith(
      sut.principals.attach({ thingName: 't', principal: certArn(99) }),
      'ResourceNotFoundException',
      /Principal/,
    );
    assert.deepEqual(await sut.principals.listForThing({ thingName: 't' }), { principals: [] });
  });

  test('the existence of a principal is asked of the injected port at attach time', async () => {
    const { sut, mocks } = await registryWithThings('t');
    const later = certArn(42);
    await rejectsWith(sut.principals.attach({ thingName: 't', principal: later }), 'ResourceNotFoundException');
    mocks.principals.add(later);
    await sut.principals.attach({ thingName: 't', principal: later });
    assert.deepEqual(await sut.principals.listForThing({ thingName: 't' }), { principals: [later] });
  });

  test('a principal must be a non-empty string without spaces', async () => {
    const { sut } = await registryWithThings('t');
    for (const principal of ['', 'a b', 7]) {
      await rejectsWith(
        sut.principals.attach({ thingName: 't', principal: principal as string }),
        'InvalidRequestException',
        /principal/,
      );
    }
  });

  test('attaching is idempotent', async () => {
    const { sut } = await registryWithThings('t');
    await sut.principals.attach({ thingName: 't', principal: certArn(1) });
    await sut.principals.attach({ thingName: 't', principal: certArn(1) });
    assert.deepEqual(await sut.principals.listForThing({ thingName: 't' }), { principals: [certArn(1)] });
  });

  test('NON_EXCLUSIVE_THING is the default: one principal can be attached to several things', async () => {
    const { sut } = await registryWithThings('a', 'b');
    await sut.principals.attach({ thingName: 'a', principal: certArn(1) });
    await sut.principals.attach({ thingName: 'b', principal: certArn(1), thingPrincipalType: 'NON_EXCLUSIVE_THING' });
    assert.deepEqual(await sut.principals.listThings({ principal: certArn(1) }), { things: ['a', 'b'] });
  });

  test('EXCLUSIVE_THING is refused for a principal attached to another thing', async () => {
    const { sut } = await registryWithThings('a', 'b');
    await sut.principals.attach({ thingName: 'a', principal: certArn(1) });
    await rejectsWith(
      sut.principals.attach({ thingName: 'b', principal: certArn(1), thingPrincipalType: 'EXCLUSIVE_THING' }),
      'InvalidRequestException',
      /cannot be attached exclusively/,
    );
    await sut.principals.attach({ thingName: 'a', principal: certArn(1), thingPrincipalType: 'EXCLUSIVE_THING' });
  });

  test('a principal attached with EXCLUSIVE_THING cannot be attached to another thing', async () => {
    const { sut } = await registryWithThings('a', 'b');
    await sut.principals.attach({ thingName: 'a', principal: certArn(1), thingPrincipalType: 'EXCLUSIVE_THING' });
    for (const thingPrincipalType of ['NON_EXCLUSIVE_THING', 'EXCLUSIVE_THING'] as const) {
      await rejectsWith(
        sut.principals.attach({ thingName: 'b', principal: certArn(1), thingPrincipalType }),
        'InvalidRequestException',
        /exclusively to thing a/,
      );
    }
    await sut.principals.attach({ thingName: 'a', principal: certArn(1), thingPrincipalType: 'NON_EXCLUSIVE_THING' });
    await sut.principals.attach({ thingName: 'b', principal: certArn(1) });
    assert.deepEqual(await sut.principals.listThings({ principal: certArn(1) }), { things: ['a', 'b'] });
  });

  test('thingPrincipalType must be EXCLUSIVE_THING or NON_EXCLUSIVE_THING', async () => {
    const { sut } = await registryWithThings('t');
    await rejectsWith(
      sut.principals.attach({
        thingName: 't',
        principal: certArn(1),
        thingPrincipalType: 'SHARED' as 'EXCLUSIVE_THING',
      }),
      'InvalidRequestException',
      /thingPrincipalType/,
    );
  });

  test('ListThingPrincipals pages the principals of a thing; an unknown thing is ResourceNotFoundException', async () => {
    const { sut } = await registryWithThings('t');
    for (const n of [3, 1, 2]) await sut.principals.attach({ thingName: 't', principal: certArn(n) });
    const first = await sut.principals.listForThing({ thingName: 't', maxResults: 2 });
    assert.deepEqual(first.principals, [certArn(1), certArn(2)]);
    assert.deepEqual(await sut.principals.listForThing({ thingName: 't', maxResults: 2, nextToken: first.nextToken }), {
      principals: [certArn(3)],
    });
    await rejectsWith(sut.principals.listForThing({ thingName: 'nope' }), 'ResourceNotFoundException');
  });

  test('ListPrincipalThings pages thing names; an unknown principal is ResourceNotFoundException', async () => {
    const { sut } = await registryWithThings('c', 'a', 'b');
    for (const thingName of ['c', 'a', 'b']) await sut.principals.attach({ thingName, principal: certArn(2) });
    const first = await sut.principals.listThings({ principal: certArn(2), maxResults: 2 });
    assert.deepEqual(first.things, ['a', 'b']);
    assert.deepEqual(await sut.principals.listThings({ principal: certArn(2), nextToken: first.nextToken }), {
      things: ['c'],
    });
    assert.deepEqual(await sut.principals.listThings({ principal: certArn(3) }), { things: [] });
    await rejectsWith(sut.principals.listThings({ principal: certArn(99) }), 'ResourceNotFoundException');
  });

  test('DetachThingPrincipal removes the attachment; detaching again changes nothing; an unknown thing is ResourceNotFoundException', async () => {
    const { sut } = await registryWithThings('t');
    await sut.principals.attach({ thingName: 't', principal: certArn(1) });
    await sut.principals.detach({ thingName: 't', principal: certArn(1) });
    await sut.principals.detach({ thingName: 't', principal: certArn(1) });
    assert.deepEqual(await sut.principals.listForThing({ thingName: 't' }), { principals: [] });
    await rejectsWith(sut.principals.detach({ thingName: 'nope', principal: certArn(1) }), 'ResourceNotFoundException');
  });
});
