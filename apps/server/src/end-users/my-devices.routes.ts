import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ClaimDeviceRequestSchema,
  MyDeviceListSchema,
  MyDeviceParamsSchema,
  MyDeviceSchema,
  MySettingsSchema,
  SetDesiredRequestSchema,
} from '@meridian/contracts';
import { requireRole } from '../auth/require-role.js';
import type { MyDevicesService } from './my-devices.service.js';

/** `/api/my/...`: an end user's own devices. Anything not theirs is 404, whether it exists or not. */
export const myDevicesRoutes: FastifyPluginAsyncTypebox<{
  myDevices: MyDevicesService;
  confirmTimeoutMs: number;
}> = async (app, { myDevices, confirmTimeoutMs }) => {
  app.addHook('onRequest', requireRole('end-user'));
  const config = { endUsers: true };
  const userId = (request: { session: { userId: number } | null }) => request.session?.userId ?? -1;

  app.get('/my/settings', { config, schema: { response: { 200: MySettingsSchema } } }, async () => ({
    confirmTimeoutMs,
  }));

  app.get('/my/devices', { config, schema: { response: { 200: MyDeviceListSchema } } }, async (request) => ({
    devices: await myDevices.list(userId(request)),
  }));

  app.get(
    '/my/devices/:thingName',
    { config, schema: { params: MyDeviceParamsSchema, response: { 200: MyDeviceSchema } } },
    async (request) => myDevices.get(userId(request), request.params.thingName),
  );

  app.post(
    '/my/devices/:thingName/desired',
    {
      config,
      schema: { params: MyDeviceParamsSchema, body: SetDesiredRequestSchema, response: { 200: MyDeviceSchema } },
    },
    async (request) => {
      const device = await myDevices.setDesired(userId(request), request.params.thingName, request.body.state);
      request.log.info(
        { thingName: device.thingName, keys: Object.keys(request.body.state), by: request.session?.username },
        'end user changed desired state',
      );
      return device;
    },
  );

  app.post(
    '/my/claims',
    { config, schema: { body: ClaimDeviceRequestSchema, response: { 201: MyDeviceSchema } } },
    async (request, reply) => {
      const device = await myDevices.claim(userId(request), request.body.code);
      request.log.info({ thingName: device.thingName, by: request.session?.username }, 'device claimed');
      return reply.status(201).send(device);
    },
  );
};
