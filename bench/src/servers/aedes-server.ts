import { Aedes } from 'aedes';
import { serve } from './common.js';

/** aedes 1.x with its defaults (in-memory persistence), on plain TCP or TLS. */
const broker = await Aedes.createBroker();
serve(
  'aedes',
  (socket) => {
    broker.handle(socket);
  },
  () => new Promise<void>((resolve) => broker.close(() => resolve())),
);
