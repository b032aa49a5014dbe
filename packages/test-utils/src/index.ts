export * from './duplex-pair.js';
export * from './temp-dir.js';
