export * from './api-error.js';
export * from './auth.js';
export * from './certificates.js';
export * from './clients.js';
export * from './domain-error.js';
export * from './health.js';
export * from './live.js';
export * from './rules.js';
