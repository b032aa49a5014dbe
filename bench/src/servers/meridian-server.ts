import { Broker, type BrokerOptions } from '@meridian/broker';
import { serve } from './common.js';

/**
 * Our broker (`@meridian/broker`) on plain TCP or TLS, no hooks (anonymous). Default options unless
 * `--options <json>` overrides some (e.g. '{"maxQueuedMessages":100000}').
 */
const optionsIndex = process.argv.indexOf('--options');
const optionsJson = optionsIndex >= 0 ? process.argv[optionsIndex + 1] : undefined;
const options = optionsJson === undefined ? {} : (JSON.parse(optionsJson) as Partial<BrokerOptions>);
const broker = new Broker(options);
serve(
  'meridian',
  (socket, secure, remoteAddress) => {
    broker.handle(
      socket,
      remoteAddress === undefined
        ? { transport: secure ? 'tls' : 'tcp' }
        : {
            transport: secure ? 'tls' : 'tcp',
            remoteAddress,
          },
    );
  },
  () => broker.close(),
);
