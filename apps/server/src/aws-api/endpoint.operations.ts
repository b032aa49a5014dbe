import { Type } from '@sinclair/typebox';
import { type AwsOperation, defineOperation, stringEnum } from './aws-operation.js';

export const ENDPOINT_TYPES = ['iot:Data', 'iot:Data-ATS', 'iot:CredentialProvider', 'iot:Jobs'] as const;

/**
 * DescribeEndpoint: every endpoint type is served by this platform, so each answers the public
 * host name devices and clients use (without a port, as AWS answers).
 */
export function endpointOperations(publicHostName: string): AwsOperation[] {
  return [
    defineOperation({
      name: 'DescribeEndpoint',
      method: 'GET',
      path: '/endpoint',
      access: 'read',
      input: { query: Type.Object({ endpointType: Type.Optional(stringEnum(ENDPOINT_TYPES)) }) },
      handler: () => ({ endpointAddress: publicHostName }),
    }),
  ];
}
