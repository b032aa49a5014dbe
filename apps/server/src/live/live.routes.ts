import { type Broker, isValidTopicFilter, isValidTopicName } from '@meridian/broker';
import {
  LIVE_SOCKET_PATH,
  type LiveClientFrame,
  LiveClientFrameSchema,
  type LiveServerFrame,
} from '@meridian/contracts';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { FastifyPluginAsync } from 'fastify';
import type { LiveHub, LiveSubscriber } from './live-hub.js';

const liveFrame = TypeCompiler.Compile(LiveClientFrameSchema);
const MAX_FILTERS_PER_SOCKET = 64;

/** The console's one WebSocket per tab: topic subscriptions in, matching broker traffic out. */
export const liveRoutes: FastifyPluginAsync<{ hub: LiveHub; broker: Broker }> = async (app, { hub, broker }) => {
  app.get(LIVE_SOCKET_PATH.replace(/^\/api/, ''), { websocket: true }, (socket, request) => {
    const filters = new Set<string>();
    const subscriber: LiveSubscriber = {
      send: (frame: LiveServerFrame) => socket.send(JSON.stringify(frame)),
      bufferedAmount: () => socket.bufferedAmount,
    };
    const fail = (code: string, message: string) => subscriber.send({ type: 'error', code, message });
    hub.add(subscriber);
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
          if (!isValidTopicName(frame.topic)) return fail('PUBLISH_ERR_INVALID_TOPIC', `Invalid topic: ${frame.topic}`);
          broker.publish({
            topic: frame.topic,
            payload: frame.payload,
            qos: frame.qos === 0 ? 0 : 1,
            retain: frame.retain,
          });
          return subscriber.send({ type: 'published', topic: frame.topic });
        }
      }
    });
    socket.on('close', () => {
      hub.remove(subscriber);
      request.log.info({ user: request.session?.username }, 'live socket closed');
    });
  });
};
