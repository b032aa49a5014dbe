import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AddThingToThingGroupCommand,
  AttachThingPrincipalCommand,
  CreateThingCommand,
  CreateThingGroupCommand,
  CreateThingTypeCommand,
  DeleteThingCommand,
  DeleteThingGroupCommand,
  DeleteThingTypeCommand,
  DeprecateThingTypeCommand,
  DescribeThingCommand,
  DescribeThingGroupCommand,
  DescribeThingTypeCommand,
  DetachThingPrincipalCommand,
  InvalidRequestException,
  type IoTClient,
  ListPrincipalThingsCommand,
  ListThingGroupsCommand,
  ListThingGroupsForThingCommand,
  ListThingPrincipalsCommand,
  ListThingsCommand,
  ListThingsInThingGroupCommand,
  ListThingTypesCommand,
  paginateListThings,
  RemoveThingFromThingGroupCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  UpdateThingCommand,
  UpdateThingGroupCommand,
  VersionConflictException,
} from '@aws-sdk/client-iot';
import { RegistryService } from '@meridian/registry';
import { SqliteRegistryStore } from '../registry/sqlite-registry-store.js';
import { registryOperations } from './registry.operations.js';
import { rejectsAs, startTestAwsApi, type TestAwsApi } from './test-aws-api.js';

const ARN = 'arn:aws:iot:us-east-1:123456789012';
const CERT_1 = `${ARN}:cert/${'1'.repeat(64)}`;
const CERT_2 = `${ARN}:cert/${'2'.repeat(64)}`;
const CERT_3 = `${ARN}:cert/${'3'.repeat(64)}`;
const UNKNOWN_CERT = `${ARN}:cert/${'f'.repeat(64)}`;

describe(registryOperations.name, () => {
  let api: TestAwsApi;
  let iot: IoTClient;
  const createdAt = 1_760_000_000_000;

  before(async () => {
    api = await startTestAwsApi((db) => {
      const registry = new RegistryService({
        store: new SqliteRegistryStore(db),
        principalExists: (arn) => [CERT_1, CERT_2, CERT_3].includes(arn),
        now: () => createdAt,
      });
      return registryOperations(registry);
    });
    iot = api.iot();
  });
  after(() => api.close());

  describe('things', () => {
    test('CreateThing answers name, ARN and id; DescribeThing reads it back; creating it again is idempotent', async () => {
      const created = await iot.send(
        new CreateThingCommand({ thingName: 'lamp-1', attributePayload: { attributes: { room: 'hall' } } }),
      );
      assert.equal(created.thingName, 'lamp-1');
      assert.equal(created.thingArn, `${ARN}:thing/lamp-1`);
      assert.match(created.thingId ?? '', /^[0-9a-f-]{36}$/);

      const described = await iot.send(new DescribeThingCommand({ thingName: 'lamp-1' }));
      assert.deepEqual(
        {
          defaultClientId: described.defaultClientId,
          thingName: described.thingName,
          thingId: described.thingId,
          thingArn: described.thingArn,
          attributes: described.attributes,
          version: described.version,
        },
        {
          defaultClientId: 'lamp-1',
          thingName: 'lamp-1',
          thingId: created.thingId,
          thingArn: created.thingArn,
          attributes: { room: 'hall' },
          version: 1,
        },
      );
      const again = await iot.send(
        new CreateThingCommand({ thingName: 'lamp-1', attributePayload: { attributes: { room: 'hall' } } }),
      );
      assert.equal(again.thingId, created.thingId);
    });

    test('CreateThing with the name of a thing configured otherwise is ResourceAlreadyExistsException with its id and ARN', async () => {
      const { thingId } = await iot.send(new CreateThingCommand({ thingName: 'taken' }));
      const error = await rejectsAs(
        iot.send(new CreateThingCommand({ thingName: 'taken', attributePayload: { attributes: { a: 'b' } } })),
        ResourceAlreadyExistsException,
        409,
        /taken already exists/,
      );
      assert.equal((error as ResourceAlreadyExistsException).resourceId, thingId);
      assert.equal((error as ResourceAlreadyExistsException).resourceArn, `${ARN}:thing/taken`);
    });

    test('refusals: unknown thing type and thing are ResourceNotFoundException, bad names InvalidRequestException', async () => {
      await rejectsAs(
        iot.send(new CreateThingCommand({ thingName: 'typed', thingTypeName: 'NoSuchType' })),
        ResourceNotFoundException,
        404,
        /Thing type NoSuchType does not exist/,
      );
      await rejectsAs(
        iot.send(new DescribeThingCommand({ thingName: 'ghost' })),
        ResourceNotFoundException,
        404,
        /Thing ghost does not exist/,
      );
      await rejectsAs(
        iot.send(new CreateThingCommand({ thingName: 'has space' })),
        InvalidRequestException,
        400,
        /thingName must be 1-128 characters/,
      );
      await rejectsAs(
        iot.send(
          new CreateThingCommand({ thingName: 'x', attributePayload: { attributes: { a: 1 as unknown as string } } }),
        ),
        InvalidRequestException,
        400,
        /Invalid request body at \/attributePayload\/attributes\/a: Expected string/,
      );
    });

    test('UpdateThing merges attributes, bumps the version and checks expectedVersion; DeleteThing checks it too', async () => {
      await iot.send(
        new CreateThingCommand({ thingName: 'fan', attributePayload: { attributes: { a: '1', b: '2' } } }),
      );
      await iot.send(
        new UpdateThingCommand({
          thingName: 'fan',
          attributePayload: { attributes: { b: '', c: '3' }, merge: true },
          expectedVersion: 1,
        }),
      );
      const described = await iot.send(new DescribeThingCommand({ thingName: 'fan' }));
      assert.deepEqual(described.attributes, { a: '1', c: '3' });
      assert.equal(described.version, 2);

      await rejectsAs(
        iot.send(new UpdateThingCommand({ thingName: 'fan', expectedVersion: 1 })),
        VersionConflictException,
        409,
        /version 2, the request expected version 1/,
      );
      await rejectsAs(
        iot.send(new UpdateThingCommand({ thingName: 'fan', removeThingType: true, thingTypeName: 'T' })),
        InvalidRequestException,
        400,
        /removeThingType cannot be combined/,
      );
      await rejectsAs(
        iot.send(new DeleteThingCommand({ thingName: 'fan', expectedVersion: 7 })),
        VersionConflictException,
        409,
      );
      await iot.send(new DeleteThingCommand({ thingName: 'fan', expectedVersion: 2 }));
      await rejectsAs(iot.send(new DescribeThingCommand({ thingName: 'fan' })), ResourceNotFoundException, 404);
      // Deleting a thing that does not exist succeeds, as on AWS.
      const again = await iot.send(new DeleteThingCommand({ thingName: 'fan' }));
      assert.equal(again.$metadata.httpStatusCode, 200);
    });

    test('ListThings pages with maxResults and nextToken (the SDK paginator follows it) and filters by attribute', async () => {
      for (const n of [1, 2, 3, 4, 5]) {
        await iot.send(
          new CreateThingCommand({
            thingName: `paged-${n}`,
            attributePayload: { attributes: { batch: n % 2 === 0 ? 'even' : 'odd' } },
          }),
        );
      }
      const first = await iot.send(new ListThingsCommand({ maxResults: 2, attributeName: 'batch' }));
      assert.deepEqual(
        first.things?.map((thing) => thing.thingName),
        ['paged-1', 'paged-2'],
      );
      assert.ok(first.nextToken);
      const pages: string[][] = [];
      for await (const page of paginateListThings({ client: iot, pageSize: 2 }, { attributeName: 'batch' })) {
        pages.push(page.things?.map((thing) => thing.thingName ?? '') ?? []);
      }
      assert.deepEqual(pages, [['paged-1', 'paged-2'], ['paged-3', 'paged-4'], ['paged-5']]);

      const odd = await iot.send(new ListThingsCommand({ attributeName: 'batch', attributeValue: 'odd' }));
      assert.deepEqual(odd.things, [
        { thingName: 'paged-1', thingArn: `${ARN}:thing/paged-1`, attributes: { batch: 'odd' }, version: 1 },
        { thingName: 'paged-3', thingArn: `${ARN}:thing/paged-3`, attributes: { batch: 'odd' }, version: 1 },
        { thingName: 'paged-5', thingArn: `${ARN}:thing/paged-5`, attributes: { batch: 'odd' }, version: 1 },
      ]);
      assert.equal(odd.nextToken, undefined);
      const prefixed = await iot.send(
        new ListThingsCommand({ attributeName: 'batch', attributeValue: 'ev', usePrefixAttributeValue: true }),
      );
      assert.deepEqual(
        prefixed.things?.map((thing) => thing.thingName),
        ['paged-2', 'paged-4'],
      );

      await rejectsAs(iot.send(new ListThingsCommand({ maxResults: 251 })), InvalidRequestException, 400, /maxResults/);
      await rejectsAs(
        iot.send(new ListThingsCommand({ nextToken: 'not-a-token' })),
        InvalidRequestException,
        400,
        /nextToken/,
      );
    });
  });

  describe('thing types', () => {
    test('CreateThingType, DescribeThingType with dates the SDK reads, ListThingTypes, deprecate, undo and delete', async () => {
      const created = await iot.send(
        new CreateThingTypeCommand({
          thingTypeName: 'Lamp',
          thingTypeProperties: { thingTypeDescription: 'A lamp', searchableAttributes: ['room'] },
          tags: [{ Key: 'team', Value: 'home' }],
        }),
      );
      assert.equal(created.thingTypeArn, `${ARN}:thingtype/Lamp`);
      await iot.send(new CreateThingTypeCommand({ thingTypeName: 'Sensor' }));

      const described = await iot.send(new DescribeThingTypeCommand({ thingTypeName: 'Lamp' }));
      assert.equal(described.thingTypeId, created.thingTypeId);
      assert.deepEqual(described.thingTypeProperties, {
        thingTypeDescription: 'A lamp',
        searchableAttributes: ['room'],
      });
      assert.equal(described.thingTypeMetadata?.deprecated, false);
      assert.equal(described.thingTypeMetadata?.creationDate?.getTime(), createdAt);

      const page = await iot.send(new ListThingTypesCommand({ maxResults: 1 }));
      assert.deepEqual(
        page.thingTypes?.map((type) => type.thingTypeName),
        ['Lamp'],
      );
      const rest = await iot.send(new ListThingTypesCommand({ maxResults: 1, nextToken: page.nextToken }));
      assert.deepEqual(
        rest.thingTypes?.map((type) => type.thingTypeName),
        ['Sensor'],
      );
      assert.equal(rest.nextToken, undefined);

      await rejectsAs(
        iot.send(new DeleteThingTypeCommand({ thingTypeName: 'Lamp' })),
        InvalidRequestException,
        400,
        /must be deprecated before it is deleted/,
      );
      await iot.send(new DeprecateThingTypeCommand({ thingTypeName: 'Lamp' }));
      const deprecated = await iot.send(new DescribeThingTypeCommand({ thingTypeName: 'Lamp' }));
      assert.equal(deprecated.thingTypeMetadata?.deprecated, true);
      assert.equal(deprecated.thingTypeMetadata?.deprecationDate?.getTime(), createdAt);
      await rejectsAs(
        iot.send(new CreateThingCommand({ thingName: 'new-lamp', thingTypeName: 'Lamp' })),
        InvalidRequestException,
        400,
        /deprecated/,
      );
      await iot.send(new DeprecateThingTypeCommand({ thingTypeName: 'Lamp', undoDeprecate: true }));
      await iot.send(new CreateThingCommand({ thingName: 'new-lamp', thingTypeName: 'Lamp' }));
      assert.equal((await iot.send(new DescribeThingCommand({ thingName: 'new-lamp' }))).thingTypeName, 'Lamp');

      await iot.send(new DeprecateThingTypeCommand({ thingTypeName: 'Sensor' }));
      await iot.send(new DeleteThingTypeCommand({ thingTypeName: 'Sensor' }));
      await rejectsAs(
        iot.send(new DescribeThingTypeCommand({ thingTypeName: 'Sensor' })),
        ResourceNotFoundException,
        404,
        /Thing type Sensor does not exist/,
      );
    });
  });

  describe('thing groups', () => {
    test('CreateThingGroup under a parent, DescribeThingGroup with its ancestry, UpdateThingGroup versions', async () => {
      await iot.send(new CreateThingGroupCommand({ thingGroupName: 'site' }));
      const floor = await iot.send(
        new CreateThingGroupCommand({
          thingGroupName: 'floor-1',
          parentGroupName: 'site',
          thingGroupProperties: {
            thingGroupDescription: 'First floor',
            attributePayload: { attributes: { level: '1' } },
          },
        }),
      );
      assert.equal(floor.thingGroupArn, `${ARN}:thinggroup/floor-1`);
      const described = await iot.send(new DescribeThingGroupCommand({ thingGroupName: 'floor-1' }));
      assert.equal(described.thingGroupId, floor.thingGroupId);
      assert.equal(described.version, 1);
      assert.deepEqual(described.thingGroupProperties, {
        thingGroupDescription: 'First floor',
        attributePayload: { attributes: { level: '1' } },
      });
      assert.equal(described.thingGroupMetadata?.parentGroupName, 'site');
      assert.deepEqual(described.thingGroupMetadata?.rootToParentThingGroups, [
        { groupName: 'site', groupArn: `${ARN}:thinggroup/site` },
      ]);
      assert.equal(described.thingGroupMetadata?.creationDate?.getTime(), createdAt);

      const updated = await iot.send(
        new UpdateThingGroupCommand({
          thingGroupName: 'floor-1',
          thingGroupProperties: { attributePayload: { attributes: { wing: 'east' }, merge: true } },
          expectedVersion: 1,
        }),
      );
      assert.equal(updated.version, 2);
      const after = await iot.send(new DescribeThingGroupCommand({ thingGroupName: 'floor-1' }));
      assert.deepEqual(after.thingGroupProperties?.attributePayload?.attributes, { level: '1', wing: 'east' });
      await rejectsAs(
        iot.send(
          new UpdateThingGroupCommand({ thingGroupName: 'floor-1', thingGroupProperties: {}, expectedVersion: 1 }),
        ),
        VersionConflictException,
        409,
      );
      await rejectsAs(
        iot.send(new CreateThingGroupCommand({ thingGroupName: 'orphan', parentGroupName: 'nowhere' })),
        ResourceNotFoundException,
        404,
        /Thing group nowhere does not exist/,
      );
      await rejectsAs(
        iot.send(new DescribeThingGroupCommand({ thingGroupName: 'nowhere' })),
        ResourceNotFoundException,
        404,
      );
    });

    test('members: add and remove by name or ARN, list a group (recursively) and the groups of a thing', async () => {
      await iot.send(new CreateThingGroupCommand({ thingGroupName: 'campus' }));
      await iot.send(new CreateThingGroupCommand({ thingGroupName: 'building-a', parentGroupName: 'campus' }));
      await iot.send(new CreateThingGroupCommand({ thingGroupName: 'spares' }));
      for (const thingName of ['door-1', 'door-2']) await iot.send(new CreateThingCommand({ thingName }));

      await iot.send(new AddThingToThingGroupCommand({ thingGroupName: 'campus', thingName: 'door-1' }));
      await iot.send(
        new AddThingToThingGroupCommand({
          thingGroupArn: `${ARN}:thinggroup/building-a`,
          thingArn: `${ARN}:thing/door-2`,
        }),
      );
      await iot.send(new AddThingToThingGroupCommand({ thingGroupName: 'spares', thingName: 'door-2' }));

      const direct = await iot.send(new ListThingsInThingGroupCommand({ thingGroupName: 'campus' }));
      assert.deepEqual(direct.things, ['door-1']);
      const recursive = await iot.send(
        new ListThingsInThingGroupCommand({ thingGroupName: 'campus', recursive: true }),
      );
      assert.deepEqual(recursive.things, ['door-1', 'door-2']);
      const paged = await iot.send(
        new ListThingsInThingGroupCommand({ thingGroupName: 'campus', recursive: true, maxResults: 1 }),
      );
      assert.deepEqual(paged.things, ['door-1']);
      const next = await iot.send(
        new ListThingsInThingGroupCommand({
          thingGroupName: 'campus',
          recursive: true,
          maxResults: 1,
          nextToken: paged.nextToken,
        }),
      );
      assert.deepEqual(next.things, ['door-2']);

      const groups = await iot.send(new ListThingGroupsForThingCommand({ thingName: 'door-2' }));
      assert.deepEqual(groups.thingGroups, [
        { groupName: 'building-a', groupArn: `${ARN}:thinggroup/building-a` },
        { groupName: 'spares', groupArn: `${ARN}:thinggroup/spares` },
      ]);

      await rejectsAs(
        iot.send(new AddThingToThingGroupCommand({ thingGroupName: 'campus', thingName: 'door-2' })),
        InvalidRequestException,
        400,
        /same hierarchy/,
      );
      await rejectsAs(
        iot.send(new AddThingToThingGroupCommand({ thingName: 'door-2' })),
        InvalidRequestException,
        400,
        /thingGroupName or thingGroupArn is required/,
      );
      await iot.send(new RemoveThingFromThingGroupCommand({ thingGroupName: 'spares', thingName: 'door-2' }));
      const left = await iot.send(new ListThingGroupsForThingCommand({ thingName: 'door-2' }));
      assert.deepEqual(
        left.thingGroups?.map((group) => group.groupName),
        ['building-a'],
      );
    });

    test('ListThingGroups by parent, recursively and by prefix; DeleteThingGroup refuses a group with children', async () => {
      await iot.send(new CreateThingGroupCommand({ thingGroupName: 'fleet' }));
      await iot.send(new CreateThingGroupCommand({ thingGroupName: 'fleet-north', parentGroupName: 'fleet' }));
      await iot.send(new CreateThingGroupCommand({ thingGroupName: 'fleet-north-1', parentGroupName: 'fleet-north' }));

      const children = await iot.send(new ListThingGroupsCommand({ parentGroup: 'fleet' }));
      assert.deepEqual(
        children.thingGroups?.map((group) => group.groupName),
        ['fleet-north'],
      );
      const descendants = await iot.send(new ListThingGroupsCommand({ parentGroup: 'fleet', recursive: true }));
      assert.deepEqual(
        descendants.thingGroups?.map((group) => group.groupName),
        ['fleet-north', 'fleet-north-1'],
      );
      const prefixed = await iot.send(new ListThingGroupsCommand({ namePrefixFilter: 'fleet', maxResults: 2 }));
      assert.deepEqual(
        prefixed.thingGroups?.map((group) => group.groupName),
        ['fleet', 'fleet-north'],
      );
      const rest = await iot.send(
        new ListThingGroupsCommand({ namePrefixFilter: 'fleet', maxResults: 2, nextToken: prefixed.nextToken }),
      );
      assert.deepEqual(
        rest.thingGroups?.map((group) => group.groupName),
        ['fleet-north-1'],
      );

      await rejectsAs(
        iot.send(new DeleteThingGroupCommand({ thingGroupName: 'fleet-north' })),
        InvalidRequestException,
        400,
        /has child groups/,
      );
      await rejectsAs(
        iot.send(new DeleteThingGroupCommand({ thingGroupName: 'fleet-north-1', expectedVersion: 9 })),
        VersionConflictException,
        409,
      );
      await iot.send(new DeleteThingGroupCommand({ thingGroupName: 'fleet-north-1', expectedVersion: 1 }));
      await iot.send(new DeleteThingGroupCommand({ thingGroupName: 'fleet-north' }));
      const none = await iot.send(new ListThingGroupsCommand({ parentGroup: 'fleet' }));
      assert.deepEqual(none.thingGroups, []);
    });
  });

  describe('principals', () => {
    test('AttachThingPrincipal (x-amzn-principal header), ListThingPrincipals, ListPrincipalThings, DetachThingPrincipal', async () => {
      for (const thingName of ['cam-1', 'cam-2']) await iot.send(new CreateThingCommand({ thingName }));
      await iot.send(new AttachThingPrincipalCommand({ thingName: 'cam-1', principal: CERT_1 }));
      await iot.send(new AttachThingPrincipalCommand({ thingName: 'cam-1', principal: CERT_2 }));
      await iot.send(new AttachThingPrincipalCommand({ thingName: 'cam-2', principal: CERT_1 }));

      const principals = await iot.send(new ListThingPrincipalsCommand({ thingName: 'cam-1', maxResults: 1 }));
      assert.deepEqual(principals.principals, [CERT_1]);
      const more = await iot.send(
        new ListThingPrincipalsCommand({ thingName: 'cam-1', maxResults: 1, nextToken: principals.nextToken }),
      );
      assert.deepEqual(more.principals, [CERT_2]);
      assert.equal(more.nextToken, undefined);
      const things = await iot.send(new ListPrincipalThingsCommand({ principal: CERT_1 }));
      assert.deepEqual(things.things, ['cam-1', 'cam-2']);

      await rejectsAs(
        iot.send(new DeleteThingCommand({ thingName: 'cam-2' })),
        InvalidRequestException,
        400,
        /still has principals attached/,
      );
      await iot.send(new DetachThingPrincipalCommand({ thingName: 'cam-2', principal: CERT_1 }));
      assert.deepEqual((await iot.send(new ListPrincipalThingsCommand({ principal: CERT_1 }))).things, ['cam-1']);
      await iot.send(new DeleteThingCommand({ thingName: 'cam-2' }));
    });

    test('an exclusive attachment, an unknown principal or thing, and a bad thingPrincipalType are refused', async () => {
      for (const thingName of ['vault-1', 'vault-2']) await iot.send(new CreateThingCommand({ thingName }));
      await iot.send(
        new AttachThingPrincipalCommand({
          thingName: 'vault-1',
          principal: CERT_3,
          thingPrincipalType: 'EXCLUSIVE_THING',
        }),
      );
      await rejectsAs(
        iot.send(new AttachThingPrincipalCommand({ thingName: 'vault-2', principal: CERT_3 })),
        InvalidRequestException,
        400,
        /attached exclusively to thing vault-1/,
      );
      await rejectsAs(
        iot.send(new AttachThingPrincipalCommand({ thingName: 'vault-2', principal: UNKNOWN_CERT })),
        ResourceNotFoundException,
        404,
        /Principal .* does not exist/,
      );
      await rejectsAs(
        iot.send(new ListPrincipalThingsCommand({ principal: UNKNOWN_CERT })),
        ResourceNotFoundException,
        404,
      );
      await rejectsAs(
        iot.send(new ListThingPrincipalsCommand({ thingName: 'no-such-thing' })),
        ResourceNotFoundException,
        404,
      );
      await rejectsAs(
        iot.send(
          new AttachThingPrincipalCommand({
            thingName: 'vault-2',
            principal: CERT_1,
            thingPrincipalType: 'SHARED' as never,
          }),
        ),
        InvalidRequestException,
        400,
        /thingPrincipalType/,
      );
    });
  });
});
