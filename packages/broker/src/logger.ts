import type { BrokerLogger } from './types.js';

const noop = (): void => {};

/** Default logger: drops everything. */
export const noopLogger: BrokerLogger = { debug: noop, info: noop, warn: noop, error: noop };
