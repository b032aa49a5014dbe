import { Broker, type BrokerOptions } from '@meridian/broker';
import { serve } from './common.js';

/**
 * Our broker (`@meridian/broker`) on plain TCP or TLS, no hooks (anonymous), rate limits off. Default options unless
 * `--options <json>` overrides some (e.g. '{"maxQueuedMessages":100000}').
 */
const optionsIndex = process.argv.indexOf('--options');
const optionsJson = optionsIndex >= 0 ? process.argv[optionsIndex + 1] : undefined;
// aedes and mosquitto have no per-connection publish or connect rate limits; ours (AWS defaults,
// 100 publishes/s and 1 CONNECT/s per client id) are switched off so the runs compare like with like.
const unthrottled: Partial<BrokerOptions> = { publishRatePerSecond: 0, connectRatePerSecond: 0 };
const options = {
  ...unthrottled,
  ...(optionsJson === undefined ? {} : (JSON.parse(optionsJson) as Partial<BrokerOptions>)),
};
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
