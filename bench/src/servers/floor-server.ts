import type { Duplex } from 'node:stream';
import { FrameReader, PACKET_PUBLISH } from '../wire.js';
import { serve } from './common.js';

/**
 * The machine floor, not a broker: it answers CONNECT and SUBSCRIBE, acknowledges QoS 1
 * PUBLISHes and forwards every PUBLISH unchanged to every subscriber (no topic matching, no
 * sessions, no packet ids of its own, no validation). It is one event-loop hop in its own Node
 * process with the same transport code as the Node brokers, so a broker's figures minus these
 * are what the broker itself costs, and these are what the machine and the generator cost.
 */

const PACKET_CONNECT = 1;
const PACKET_SUBSCRIBE = 8;
const PACKET_PINGREQ = 12;
const PACKET_DISCONNECT = 14;
const PINGRESP = Buffer.from([0xd0, 0x00]);
const CONNACK = Buffer.from([0x20, 0x02, 0x00, 0x00]);

const subscribers = new Set<Duplex>();
const corked = new Set<Duplex>();

function uncorkAll(): void {
  for (const socket of corked) socket.uncork();
  corked.clear();
}

/** Writes of one tick go out together, as the brokers batch them. */
function send(socket: Duplex, bytes: Buffer): void {
  if (socket.destroyed) return;
  if (!corked.has(socket)) {
    if (corked.size === 0) process.nextTick(uncorkAll);
    corked.add(socket);
    socket.cork();
  }
  socket.write(bytes);
}

function onConnection(socket: Duplex): void {
  const reader = new FrameReader((type, flags, buf, start, end, frameStart) => {
    if (type === PACKET_PUBLISH) {
      if (((flags >> 1) & 3) > 0) {
        const idOffset = start + 2 + buf.readUInt16BE(start);
        send(socket, Buffer.from([0x40, 0x02, buf[idOffset]!, buf[idOffset + 1]!]));
      }
      const frame = buf.subarray(frameStart, end);
      for (const subscriber of subscribers) send(subscriber, frame);
    } else if (type === PACKET_CONNECT) {
      send(socket, CONNACK);
    } else if (type === PACKET_SUBSCRIBE) {
      // Grants the requested QoS of the (single) filter.
      send(socket, Buffer.from([0x90, 0x03, buf[start]!, buf[start + 1]!, buf[end - 1]! & 3]));
      subscribers.add(socket);
    } else if (type === PACKET_PINGREQ) {
      send(socket, PINGRESP);
    } else if (type === PACKET_DISCONNECT) {
      socket.end();
    }
  });
  socket.on('data', (chunk: Buffer) => reader.push(chunk));
  socket.on('error', () => {});
  socket.on('close', () => subscribers.delete(socket));
}

serve('floor', onConnection, async () => {
  for (const socket of subscribers) socket.destroy();
});
