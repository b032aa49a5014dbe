import { type Broker, isValidTopicFilter, isValidTopicName } from '@meridian/broker';
import {
  LIVE_SOCKET_PATH,
  type LiveClientFrame,
  LiveClientFrameSchema,
  type LiveServerFrame,
  type Role,
} from '@meridian/contracts';
import type { RuleMonitor } from '@meridian/rules';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { FastifyPluginAsync } from 'fastify';
import type { TimeseriesFeed } from '../rules/timeseries-feed.js';
import type { LiveHub, LiveSubscriber } from './live-hub.js';

const liveFrame = TypeCompiler.Compile(LiveClientFrameSchema);
const MAX_FILTERS_PER_SOCKET = 64;
const MAX_WATCHED_RULES = 64;
const MAX_WATCHED_SERIES = 64;
/** The same roles as the time-series query API. */
const SERIES_READERS: ReadonlySet<Role> = new Set<Role>(['admin', 'operator', 'viewer']);
/** Rule activity and time-series frames are skipped while more than this is queued on the socket. */
const MAX_BUFFERED_BYTES = 1 << 20;

/** The console's one WebSocket per tab: topic subscriptions in, matching broker traffic out. */
export interface LiveRoutesOptions {
  hub: LiveHub;
  broker: Broker;
  rules: RuleMonitor;
  timeseries: TimeseriesFeed;
  /** The topics an end user may receive (their own devices'); other roles get whatever their filters match. */
  endUserTopics(userId: number): (topic: string) => boolean;
}

export const liveRoutes: FastifyPluginAsync<LiveRoutesOptions> = async (
  app,
  { hub, broker, rules, timeseries, endUserTopics },
) => {
  app.get(
    LIVE_SOCKET_PATH.replace(/^\/api/, ''),
    { websocket: true, config: { endUsers: true } },
    (socket, request) => {
      const filters = new Set<string>();
      const endUser = request.session?.role === 'end-user';
      const subscriber: LiveSubscriber = {
        send: (frame: LiveServerFrame) => socket.send(JSON.stringify(frame)),
        bufferedAmount: () => socket.bufferedAmount,
        ...(endUser ? { accepts: endUserTopics(request.session?.userId ?? -1) } : {}),
      };
      const fail = (code: string, message: string) => subscriber.send({ type: 'error', code, message });
      hub.add(subscriber);
      const watched = new Set<string>();
      let unwatch: (() => void) | undefined;
      const watchedSeries = new Map<string, () => void>();
      request.log.info({ user: request.session?.username }, 'live socket opened');

      socket.on('message', (data, isBinary) => {
        let frame: LiveClientFrame;
        try {
          const parsed: unknown = JSON.parse(isBinary ? '' : String(data));
          if (!liveFrame.Check(parsed)) {
            const first = liveFrame.Errors(parsed).First();
            return fail(
              'LIVE_ERR_INVALID_FRAME',
              `Invalid frame${first ? ` at ${first.path || '/'}: ${first.message}` : ''}`,
            );
          }
          frame = parsed;
        } catch {
          return fail('LIVE_ERR_INVALID_FRAME', 'Frames must be JSON text');
        }
        switch (frame.type) {
          case 'subscribe': {
            const invalid = frame.filters.find((filter) => !isValidTopicFilter(filter));
            if (invalid !== undefined) return fail('LIVE_ERR_INVALID_FILTER', `Invalid topic filter: ${invalid}`);
            if (new Set([...filters, ...frame.filters]).size > MAX_FILTERS_PER_SOCKET) {
              return fail('LIVE_ERR_TOO_MANY_FILTERS', `At most ${MAX_FILTERS_PER_SOCKET} filters per socket`);
            }
            for (const filter of frame.filters) filters.add(filter);
            hub.subscribe(subscriber, frame.filters);
            return subscriber.send({ type: 'subscribed', filters: frame.filters });
          }
          case 'unsubscribe':
            for (const filter of frame.filters) filters.delete(filter);
            hub.unsubscribe(subscriber, frame.filters);
            return subscriber.send({ type: 'unsubscribed', filters: frame.filters });
          case 'publish': {
            if (request.session?.role === 'viewer' || request.session?.role === 'end-user') {
              return fail('AUTH_ERR_FORBIDDEN', 'Your role cannot publish');
            }
            if (!isValidTopicName(frame.topic))
              return fail('PUBLISH_ERR_INVALID_TOPIC', `Invalid topic: ${frame.topic}`);
            broker.publish({
              topic: frame.topic,
              payload: frame.payload,
              qos: frame.qos === 0 ? 0 : 1,
              retain: frame.retain,
            });
            return subscriber.send({ type: 'published', topic: frame.topic });
          }
          case 'watch-rules': {
            if (endUser) return fail('AUTH_ERR_FORBIDDEN', 'Your role cannot watch rules');
            if (new Set([...watched, ...frame.ruleNames]).size > MAX_WATCHED_RULES) {
              return fail('LIVE_ERR_TOO_MANY_RULES', `At most ${MAX_WATCHED_RULES} rules per socket`);
            }
            for (const name of frame.ruleNames) watched.add(name);
            unwatch ??= rules.onActivity((activity) => {
              if (!watched.has(activity.ruleName) || subscriber.bufferedAmount() > MAX_BUFFERED_BYTES) return;
              subscriber.send({ type: 'rule-activity', activity });
            });
            return subscriber.send({ type: 'watching-rules', ruleNames: [...watched] });
          }
          case 'unwatch-rules':
            for (const name of frame.ruleNames) watched.delete(name);
            return subscriber.send({ type: 'watching-rules', ruleNames: [...watched] });
          case 'watch-timeseries': {
            const role = request.session?.role;
            if (role === undefined || !SERIES_READERS.has(role)) {
              return fail('AUTH_ERR_FORBIDDEN', 'Your role cannot read time series');
            }
            if (new Set([...watchedSeries.keys(), ...frame.deviceKeys]).size > MAX_WATCHED_SERIES) {
              return fail('LIVE_ERR_TOO_MANY_SERIES', `At most ${MAX_WATCHED_SERIES} device keys per socket`);
            }
            for (const deviceKey of frame.deviceKeys) {
              if (watchedSeries.has(deviceKey)) continue;
              const stop = timeseries.watch(deviceKey, (row) => {
                if (subscriber.bufferedAmount() > MAX_BUFFERED_BYTES) return;
                subscriber.send(row);
              });
              watchedSeries.set(deviceKey, stop);
            }
            return subscriber.send({ type: 'watching-timeseries', deviceKeys: [...watchedSeries.keys()] });
          }
          case 'unwatch-timeseries':
            for (const deviceKey of frame.deviceKeys) {
              watchedSeries.get(deviceKey)?.();
              watchedSeries.delete(deviceKey);
            }
            return subscriber.send({ type: 'watching-timeseries', deviceKeys: [...watchedSeries.keys()] });
        }
      });
      socket.on('close', () => {
        hub.remove(subscriber);
        unwatch?.();
        for (const stop of watchedSeries.values()) stop();
        request.log.info({ user: request.session?.username }, 'live socket closed');
      });
    },
  );
};
