import { type Static, Type } from '@sinclair/typebox';

export const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  uptimeSeconds: Type.Number(),
  mqttClients: Type.Integer(),
});
export type Health = Static<typeof HealthSchema>;
