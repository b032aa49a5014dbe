import type { Connection } from './connection.js';
import { isThenable } from './maybe-promise.js';

export type AuthorizationKind = 'publish' | 'retainPublish' | 'subscribe' | 'receive';

/** Per-connection cache entries beyond which the cache starts over. */
const MAX_CACHED = 1000;

/**
 * Calls authorizePublish / authorizeSubscribe / authorizeReceive for `connection`, caching the
 * decision per connection when BrokerOptions.cacheAuthorization is on. Synchronous hooks give a
 * synchronous answer. Throws what the hook throws; a rejected promise is not cached.
 */
export function authorize(connection: Connection, kind: AuthorizationKind, topic: string): boolean | Promise<boolean> {
  const { core } = connection;
  const hooks = core.hooks;
  const { surface } = connection;
  if (core.options.cacheAuthorization) surface.authorizationCache ??= new Map();
  const cache = core.options.cacheAuthorization ? surface.authorizationCache : undefined;
  const key = cache === undefined ? '' : `${kind}\0${topic}`;
  if (cache !== undefined) {
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
  }
  const info = connection.info!;
  let result: boolean | Promise<boolean>;
  if (kind === 'publish' || kind === 'retainPublish') {
    result =
      hooks.authorizePublish === undefined ? true : hooks.authorizePublish(info, topic, kind === 'retainPublish');
  } else if (kind === 'subscribe')
    result = hooks.authorizeSubscribe === undefined ? true : hooks.authorizeSubscribe(info, topic);
  else result = hooks.authorizeReceive === undefined ? true : hooks.authorizeReceive(info, topic);
  if (cache === undefined) return result;
  if (isThenable(result)) {
    return Promise.resolve(result).then((allowed) => {
      remember(cache, key, allowed === true);
      return allowed;
    });
  }
  remember(cache, key, result === true);
  return result;
}

function remember(cache: Map<string, boolean>, key: string, allowed: boolean): void {
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, allowed);
}
