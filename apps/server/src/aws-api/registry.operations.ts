import type { RegistryService } from '@meridian/registry';
import type { AwsOperation } from './aws-operation.js';
import { thingGroupOperations } from './thing-groups.operations.js';
import { thingTypeOperations } from './thing-types.operations.js';
import { thingOperations } from './things.operations.js';

/** The thing registry's control-plane operations: things, principals, thing types and thing groups. */
export function registryOperations(registry: RegistryService): AwsOperation[] {
  return [...thingOperations(registry), ...thingTypeOperations(registry), ...thingGroupOperations(registry)];
}
