import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RegistryService } from './registry.service.js';
import { ARN_PREFIX, newTestRegistry, rejectsWith, START_MS } from './test-registry.js';
import { ThingGroupsService } from './thing-groups.service.js';

const groupArn = (name: string) => `${ARN_PREFIX}:thinggroup/${name}`;

/** Creates a chain root → g2 → … → g{depth}; answers the names. */
async function chain(sut: RegistryService, depth: number): Promise<string[]> {
  const names = Array.from({ length: depth }, (_, i) => (i === 0 ? 'root' : `g${i + 1}`));
  for (const [i, name] of names.entries()) {
    await sut.thingGroups.create({ thingGroupName: name, parentGroupName: i === 0 ? undefined : names[i - 1] });
  }
  return names;
}

async function thingsNamed(sut: RegistryService, ...names: string[]): Promise<void> {
  for (const thingName of names) await sut.things.create({ thingName });
}

describe(ThingGroupsService.name, () => {
  describe('creation and hierarchy', () => {
    test('a group name follows the thing name rule', async () => {
      const { sut } = newTestRegistry();
      for (const thingGroupName of ['', 'x'.repeat(129), 'a b', 'a/b']) {
        await rejectsWith(sut.thingGroups.create({ thingGroupName }), 'InvalidRequestException', /thingGroupName/);
      }
    });

    test('DescribeThingGroup shows the parent fixed at creation and rootToParentThingGroups', async () => {
      const { sut } = newTestRegistry();
      await chain(sut, 3);
      assert.deepEqual(await sut.thingGroups.describe({ thingGroupName: 'g3' }), {
        thingGroupName: 'g3',
        thingGroupId: 'id-3',
        thingGroupArn: groupArn('g3'),
        version: 1,
        thingGroupProperties: { attributePayload: { attributes: {} } },
        thingGroupMetadata: {
          parentGroupName: 'g2',
          rootToParentThingGroups: [
            { groupName: 'root', groupArn: groupArn('root') },
            { groupName: 'g2', groupArn: groupArn('g2') },
          ],
          creationDate: START_MS / 1000,
        },
      });
      assert.deepEqual((await sut.thingGroups.describe({ thingGroupName: 'root' })).thingGroupMetadata, {
        creationDate: START_MS / 1000,
      });
      await rejectsWith(
        sut.thingGroups.create({ thingGroupName: 'g3', parentGroupName: 'root' }),
        'ResourceAlreadyExistsException',
        /g3 already exists/,
      );
    });

    test('an unknown parent group is ResourceNotFoundException', async () => {
      const { sut } = newTestRegistry();
      await rejectsWith(
        sut.thingGroups.create({ thingGroupName: 'c', parentGroupName: 'nope' }),
        'ResourceNotFoundException',
        /nope/,
      );
    });

    test('a hierarchy is at most 7 levels deep', async () => {
      const { sut } = newTestRegistry();
      const names = await chain(sut, 7);
      await rejectsWith(
        sut.thingGroups.create({ thingGroupName: 'eighth', parentGroupName: names[6] }),
        'InvalidRequestException',
        /7 levels/,
      );
    });

    test('a group has at most 100 direct child groups', async () => {
      const { sut } = newTestRegistry();
      await sut.thingGroups.create({ thingGroupName: 'parent' });
      for (let i = 0; i < 100; i++)
        await sut.thingGroups.create({ thingGroupName: `c${i}`, parentGroupName: 'parent' });
      await rejectsWith(
        sut.thingGroups.create({ thingGroupName: 'c100', parentGroupName: 'parent' }),
        'InvalidRequestException',
        /100 child groups/,
      );
      await sut.thingGroups.create({ thingGroupName: 'grandchild', parentGroupName: 'c0' });
    });

    test('a group has at most 50 attributes, with the thing attribute patterns', async () => {
      const { sut } = newTestRegistry();
      const attributes = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, `v${i}`]));
      await sut.thingGroups.create({
        thingGroupName: 'fifty',
        thingGroupProperties: { attributePayload: { attributes: attributes(50) } },
      });
      await rejectsWith(
        sut.thingGroups.create({
          thingGroupName: 'more',
          thingGroupProperties: { attributePayload: { attributes: attributes(51) } },
        }),
        'InvalidRequestException',
        /at most 50 attributes/,
      );
      await rejectsWith(
        sut.thingGroups.update({
          thingGroupName: 'fifty',
          thingGroupProperties: { attributePayload: { attributes: { x: '1' }, merge: true } },
        }),
        'InvalidRequestException',
        /at most 50 attributes/,
      );
      await rejectsWith(
        sut.thingGroups.create({
          thingGroupName: 'bad',
          thingGroupProperties: { attributePayload: { attributes: { 'a b': '1' } } },
        }),
        'InvalidRequestException',
        /attribute name/,
      );
    });

    test('creating an identical group again answers the existing group', async () => {
      const { sut } = newTestRegistry();
      await sut.thingGroups.create({ thingGroupName: 'p' });
      const input = {
        thingGroupName: 'g',
        parentGroupName: 'p',
        thingGroupProperties: { thingGroupDescription: 'd', attributePayload: { attributes: { a: '1' } } },
      };
      const first = await sut.thingGroups.create(input);
      assert.deepEqual(await sut.thingGroups.create(input), first);
      const error = await rejectsWith(
        sut.thingGroups.create({ ...input, thingGroupProperties: { thingGroupDescription: 'other' } }),
        'ResourceAlreadyExistsException',
      );
      assert.deepEqual(error.extra, { resourceId: first.thingGroupId, resourceArn: groupArn('g') });
    });
  });

  describe('UpdateThingGroup', () => {
    test('version grows by 1 per update and expectedVersion must match', async () => {
      const { sut } = newTestRegistry();
      await sut.thingGroups.create({ thingGroupName: 'g' });
      assert.deepEqual(
        await sut.thingGroups.update({ thingGroupName: 'g', thingGroupProperties: {}, expectedVersion: 1 }),
        { version: 2 },
      );
      await rejectsWith(
        sut.thingGroups.update({ thingGroupName: 'g', thingGroupProperties: {}, expectedVersion: 1 }),
        'VersionConflictException',
      );
      assert.equal((await sut.thingGroups.describe({ thingGroupName: 'g' })).version, 2);
    });

    test('attributes follow merge semantics and the description is replaced ("" clears it)', async () => {
      const { sut } = newTestRegistry();
      await sut.thingGroups.create({
        thingGroupName: 'g',
        thingGroupProperties: { thingGroupDescription: 'old', attributePayload: { attributes: { a: '1', b: '2' } } },
      });
      await sut.thingGroups.update({
        thingGroupName: 'g',
        thingGroupProperties: { attributePayload: { attributes: { a: '', c: '3' }, merge: true } },
      });
      let described = await sut.thingGroups.describe({ thingGroupName: 'g' });
      assert.deepEqual(described.thingGroupProperties, {
        thingGroupDescription: 'old',
        attributePayload: { attributes: { b: '2', c: '3' } },
      });
      await sut.thingGroups.update({
        thingGroupName: 'g',
        thingGroupProperties: { thingGroupDescription: '', attributePayload: { attributes: { z: '9' } } },
      });
      described = await sut.thingGroups.describe({ thingGroupName: 'g' });
      assert.deepEqual(described.thingGroupProperties, { attributePayload: { attributes: { z: '9' } } });
    });

    test('updating an unknown group is ResourceNotFoundException', async () => {
      const { sut } = newTestRegistry();
      await rejectsWith(
        sut.thingGroups.update({ thingGroupName: 'nope', thingGroupProperties: {} }),
        'ResourceNotFoundException',
      );
    });
  });

  describe('DeleteThingGroup', () => {
    test('deleting a group that does not exist succeeds', async () => {
      const { sut } = newTestRegistry();
      assert.deepEqual(await sut.thingGroups.delete({ thingGroupName: 'nope' }), {});
    });

    test('a group with child groups cannot be deleted until the children are', async () => {
      const { sut } = newTestRegistry();
      await chain(sut, 2);
      await rejectsWith(sut.thingGroups.delete({ thingGroupName: 'root' }), 'InvalidRequestException', /child groups/);
      await sut.thingGroups.delete({ thingGroupName: 'g2' });
      await sut.thingGroups.delete({ thingGroupName: 'root' });
      await rejectsWith(sut.thingGroups.describe({ thingGroupName: 'root' }), 'ResourceNotFoundException');
    });

    test('expectedVersion must match, and deleting removes the memberships', async () => {
      const { sut } = newTestRegistry();
      await sut.thingGroups.create({ thingGroupName: 'g' });
      await thingsNamed(sut, 't');
      await sut.thingGroups.addThing({ thingGroupName: 'g', thingName: 't' });
      await rejectsWith(
        sut.thingGroups.delete({ thingGroupName: 'g', expectedVersion: 5 }),
        'VersionConflictException',
      );
      await sut.thingGroups.delete({ thingGroupName: 'g', expectedVersion: 1 });
      assert.deepEqual(await sut.thingGroups.listForThing({ thingName: 't' }), { thingGroups: [] });
    });
  });

  describe('members', () => {
    test('AddThingToThingGroup and RemoveThingFromThingGroup accept names or ARNs', async () => {
      const { sut } = newTestRegistry();
      await sut.thingGroups.create({ thingGroupName: 'g' });
      await thingsNamed(sut, 'a', 'b');
      await sut.thingGroups.addThing({ thingGroupName: 'g', thingName: 'a' });
      await sut.thingGroups.addThing({ thingGroupArn: groupArn('g'), thingArn: `${ARN_PREFIX}:thing/b` });
      assert.deepEqual((await sut.thingGroups.listThings({ thingGroupName: 'g' })).things, ['a', 'b']);
      await sut.thingGroups.removeThing({ thingGroupArn: groupArn('g'), thingName: 'a' });
      await sut.thingGroups.removeThing({ thingGroupName: 'g', thingArn: `${ARN_PREFIX}:thing/b` });
      assert.deepEqual((await sut.thingGroups.listThings({ thingGroupName: 'g' })).things, []);
    });

    test('a group and a thing must each be given, by name or by an ARN of this account and region', async () => {
      const { sut } = newTestRegistry();
      await sut.thingGroups.create({ thingGroupName: 'g' });
      await thingsNamed(sut, 't');
      await rejectsWith(
        sut.thingGroups.addThing({ thingName: 't' }),
        'InvalidRequestException',
        /thingGroupName or thingGroupArn/,
      );
      await rejectsWith(
        sut.thingGroups.addThing({ thingGroupName: 'g' }),
        'InvalidRequestException',
        /thingName or thingArn/,
      );
      await rejectsWith(
        sut.thingGroups.addThing({ thingGroupArn: 'arn:aws:iot:eu-west-1:999999999999:thinggroup/g', thingName: 't' }),
        'InvalidRequestException',
        /thingGroupArn/,
      );
      await rejectsWith(
        sut.thingGroups.addThing({ thingGroupName: 'g', thingArn: `${ARN_PREFIX}:thinggroup/t` }),
        'InvalidRequestException',
        /thingArn/,
      );
      await rejectsWith(
        sut.thingGroups.addThing({ thingGroupName: 'g', thingGroupArn: groupArn('other'), thingName: 't' }),
        'InvalidRequestException',
        /different/,
      );
      await rejectsWith(
        sut.thingGroups.addThing({ thingGroupName: 'nope', thingName: 't' }),
        'ResourceNotFoundException',
        /nope/,
      );
      await rejectsWith(
        sut.thingGroups.addThing({ thingGroupName: 'g', thingName: 'nope' }),
        'ResourceNotFoundException',
        /nope/,
      );
    });

    test('adding a member again and removing a non-member change nothing', async () => {
      const { sut } = newTestRegistry();
      await sut.thingGroups.create({ thingGroupName: 'g' });
      await thingsNamed(sut, 't', 'u');
      await sut.thingGroups.addThing({ thingGroupName: 'g', thingName: 't' });
      await sut.thingGroups.addThing({ thingGroupName: 'g', thingName: 't' });
      await sut.thingGroups.removeThing({ thingGroupName: 'g', thingName: 'u' });
      assert.deepEqual((await sut.thingGroups.listThings({ thingGroupName: 'g' })).things, ['t']);
    });

    test('a thing is in at most 10 groups', async () => {
      const { sut } = newTestRegistry();
      await thingsNamed(sut, 't');
      for (let i = 0; i < 11; i++) await sut.thingGroups.create({ thingGroupName: `r${i}` });
      for (let i = 0; i < 10; i++) await sut.thingGroups.addThing({ thingGroupName: `r${i}`, thingName: 't' });
      await rejectsWith(
        sut.thingGroups.addThing({ thingGroupName: 'r10', thingName: 't' }),
        'InvalidRequestException',
        /10 thing groups/,
      );
    });

    test('a thing is never in two groups of the same hierarchy', async () => {
      const { sut } = newTestRegistry();
      await chain(sut, 3);
      await sut.thingGroups.create({ thingGroupName: 'sibling', parentGroupName: 'root' });
      await sut.thingGroups.create({ thingGroupName: 'elsewhere' });
      await thingsNamed(sut, 't');
      await sut.thingGroups.addThing({ thingGroupName: 'g3', thingName: 't' });
      for (const thingGroupName of ['root', 'g2', 'sibling']) {
        await rejectsWith(
          sut.thingGroups.addThing({ thingGroupName, thingName: 't' }),
          'InvalidRequestException',
          /same hierarchy/,
        );
      }
      await sut.thingGroups.addThing({ thingGroupName: 'elsewhere', thingName: 't' });
      await sut.thingGroups.removeThing({ thingGroupName: 'g3', thingName: 't' });
      await sut.thingGroups.addThing({ thingGroupName: 'sibling', thingName: 't' });
    });

    test('ListThingsInThingGroup lists members; recursive adds the members of descendant groups', async () => {
      const { sut } = newTestRegistry();
      await chain(sut, 3);
      await thingsNamed(sut, 'a', 'b', 'c');
      await sut.thingGroups.addThing({ thingGroupName: 'root', thingName: 'c' });
      await sut.thingGroups.addThing({ thingGroupName: 'g2', thingName: 'b' });
      await sut.thingGroups.addThing({ thingGroupName: 'g3', thingName: 'a' });
      assert.deepEqual(await sut.thingGroups.listThings({ thingGroupName: 'root' }), { things: ['c'] });
      assert.deepEqual(await sut.thingGroups.listThings({ thingGroupName: 'root', recursive: true }), {
        things: ['a', 'b', 'c'],
      });
      const page = await sut.thingGroups.listThings({ thingGroupName: 'root', recursive: true, maxResults: 2 });
      assert.deepEqual(page.things, ['a', 'b']);
      assert.deepEqual(
        await sut.thingGroups.listThings({
          thingGroupName: 'root',
          recursive: true,
          maxResults: 2,
          nextToken: page.nextToken,
        }),
        { things: ['c'] },
      );
      await rejectsWith(sut.thingGroups.listThings({ thingGroupName: 'nope' }), 'ResourceNotFoundException');
    });

    test('ListThingGroupsForThing answers the direct groups of a thing', async () => {
      const { sut } = newTestRegistry();
      await chain(sut, 2);
      await sut.thingGroups.create({ thingGroupName: 'other' });
      await thingsNamed(sut, 't');
      await sut.thingGroups.addThing({ thingGroupName: 'g2', thingName: 't' });
      await sut.thingGroups.addThing({ thingGroupName: 'other', thingName: 't' });
      assert.deepEqual(await sut.thingGroups.listForThing({ thingName: 't' }), {
        thingGroups: [
          { groupName: 'g2', groupArn: groupArn('g2') },
          { groupName: 'other', groupArn: groupArn('other') },
        ],
      });
      const first = await sut.thingGroups.listForThing({ thingName: 't', maxResults: 1 });
      assert.deepEqual(first.thingGroups, [{ groupName: 'g2', groupArn: groupArn('g2') }]);
      assert.deepEqual(
        await sut.thingGroups.listForThing({ thingName: 't', maxResults: 1, nextToken: first.nextToken }),
        {
          thingGroups: [{ groupName: 'other', groupArn: groupArn('other') }],
        },
      );
      await rejectsWith(sut.thingGroups.listForThing({ thingName: 'nope' }), 'ResourceNotFoundException');
    });
  });

  describe('ListThingGroups', () => {
    async function forest(sut: RegistryService) {
      await chain(sut, 3);
      await sut.thingGroups.create({ thingGroupName: 'g2b', parentGroupName: 'root' });
      await sut.thingGroups.create({ thingGroupName: 'other' });
    }
    const groupNames = (output: { thingGroups: Array<{ groupName: string }> }) =>
      output.thingGroups.map((g) => g.groupName);

    test('without parentGroup every group is listed, sorted by name, as {groupName, groupArn}', async () => {
      const { sut } = newTestRegistry();
      await forest(sut);
      const output = await sut.thingGroups.list({});
      assert.deepEqual(groupNames(output), ['g2', 'g2b', 'g3', 'other', 'root']);
      assert.deepEqual(output.thingGroups[0], { groupName: 'g2', groupArn: groupArn('g2') });
    });

    test('parentGroup lists its children; with recursive, all its descendants', async () => {
      const { sut } = newTestRegistry();
      await forest(sut);
      assert.deepEqual(groupNames(await sut.thingGroups.list({ parentGroup: 'root' })), ['g2', 'g2b']);
      assert.deepEqual(groupNames(await sut.thingGroups.list({ parentGroup: 'root', recursive: true })), [
        'g2',
        'g2b',
        'g3',
      ]);
      await rejectsWith(sut.thingGroups.list({ parentGroup: 'nope' }), 'ResourceNotFoundException');
    });

    test('namePrefixFilter keeps names starting with it', async () => {
      const { sut } = newTestRegistry();
      await forest(sut);
      assert.deepEqual(groupNames(await sut.thingGroups.list({ namePrefixFilter: 'g2' })), ['g2', 'g2b']);
      assert.deepEqual(
        groupNames(await sut.thingGroups.list({ parentGroup: 'root', recursive: true, namePrefixFilter: 'g3' })),
        ['g3'],
      );
    });
  });
});
