import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generate, type Packet, parser } from 'mqtt-packet';
import { PacketReader, type PacketSink } from './packet-reader.js';

/** What a reader reported, in order. */
class RecordingSink implements PacketSink {
  closed = false;
  readonly packets: Packet[] = [];
  readonly errors: string[] = [];
  readonly oversized: number[] = [];
  onPacket(packet: Packet): void {
    this.packets.push(packet);
  }
  onParseError(error: Error): void {
    this.errors.push(error.message);
  }
  onOversized(bytes: number): void {
    this.oversized.push(bytes);
  }
}

function reader(maxPacketBytes = 1 << 20): { sut: PacketReader; sink: RecordingSink } {
  const sink = new RecordingSink();
  return { sut: new PacketReader(sink, maxPacketBytes), sink };
}

/** A fresh mqtt-packet parser, as every connection used to have: the reference behaviour. */
function referenceDecode(bytes: Buffer, protocolVersion?: 3 | 4 | 5): { packets: Packet[]; errors: string[] } {
  const decoder = parser(protocolVersion === undefined ? {} : { protocolVersion });
  const packets: Packet[] = [];
  const errors: string[] = [];
  decoder.on('packet', (p: Packet) => packets.push(p));
  decoder.on('error', (e: Error) => errors.push(e.message));
  decoder.parse(bytes);
  return { packets, errors };
}

/** The fields a handler reads, without mqtt-packet's bookkeeping (`length`, null defaults). */
function fields(packet: Packet): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(packet)) {
    if (key === 'length' || value === null || value === undefined) continue;
    out[key] = Buffer.isBuffer(value) ? value.toString('hex') : value;
  }
  if (out.cmd !== 'publish') {
    delete out.retain;
    delete out.qos;
    delete out.dup;
  }
  return out;
}

const connect = (protocolVersion: 4 | 5) =>
  generate({ cmd: 'connect', protocolVersion, clientId: `c${protocolVersion}`, clean: true, keepalive: 30 });

const samples = (protocolVersion: 4 | 5): Packet[] => [
  { cmd: 'publish', topic: 'a/b', payload: Buffer.from('hello'), qos: 0, retain: false, dup: false },
  { cmd: 'publish', topic: 'ü/€', payload: Buffer.alloc(300, 1), qos: 1, retain: true, dup: true, messageId: 7 },
  { cmd: 'publish', topic: 'q2', payload: Buffer.alloc(0), qos: 2, retain: false, dup: false, messageId: 65535 },
  { cmd: 'puback', messageId: 1 },
  { cmd: 'pubrec', messageId: 2 },
  { cmd: 'pubrel', messageId: 3 },
  { cmd: 'pubcomp', messageId: 4 },
  { cmd: 'pingreq' },
  { cmd: 'subscribe', messageId: 5, subscriptions: [{ topic: 'x/#', qos: 1 }] },
  ...(protocolVersion === 5
    ? ([
        {
          cmd: 'publish',
          topic: '',
          payload: Buffer.from('p'),
          qos: 1,
          retain: false,
          dup: false,
          messageId: 9,
          properties: { topicAlias: 3, userProperties: { k: 'v' } },
        },
        { cmd: 'puback', messageId: 8, reasonCode: 0x87, properties: { reasonString: 'no' } },
      ] as Packet[])
    : []),
];

describe(PacketReader.name, () => {
  for (const protocolVersion of [4, 5] as const) {
    test(`decodes every packet as mqtt-packet does, however the bytes are split (MQTT ${protocolVersion})`, () => {
      const stream = Buffer.concat([
        connect(protocolVersion),
        ...samples(protocolVersion).map((p) => generate(p, { protocolVersion })),
      ]);
      const expected = referenceDecode(stream).packets.map(fields);
      assert.equal(expected.length, samples(protocolVersion).length + 1);
      for (const chunkBytes of [stream.length, 1, 2, 3, 7, 64]) {
        const { sut, sink } = reader();
        for (let i = 0; i < stream.length; i += chunkBytes) sut.push(stream.subarray(i, i + chunkBytes));
        assert.deepEqual(sink.errors, []);
        assert.deepEqual(sink.packets.map(fields), expected, `chunks of ${chunkBytes} bytes`);
      }
    });
  }

  test('a PUBLISH payload is a view of the received bytes, not a copy', () => {
    const { sut, sink } = reader();
    const publish = generate({
      cmd: 'publish',
      topic: 't',
      payload: Buffer.from('abc'),
      qos: 0,
      retain: false,
      dup: false,
    });
    const chunk = Buffer.concat([connect(4), publish]);
    sut.push(chunk);
    const payload = (sink.packets[1] as { payload: Buffer }).payload;
    assert.equal(payload.buffer, chunk.buffer);
    assert.equal(payload.toString(), 'abc');
  });

  const malformed: Array<[string, number[]]> = [
    ['PUBLISH with QoS 3', [0x36, 0x03, 0x00, 0x01, 0x61]],
    ['PUBLISH topic running past the packet', [0x30, 0x03, 0x00, 0x09, 0x61]],
    ['PUBACK with reserved flags set', [0x41, 0x02, 0x00, 0x01]],
    ['PUBREL without its reserved flag', [0x60, 0x02, 0x00, 0x01]],
    ['PINGREQ with flags', [0xc1, 0x00]],
    ['remaining length of five bytes', [0x30, 0xff, 0xff, 0xff, 0xff, 0x01]],
    ['AUTH with flags', [0xff, 0x00]],
  ];
  for (const [name, bytes] of malformed) {
    test(`refuses ${name} with mqtt-packet's error`, () => {
      const stream = Buffer.concat([connect(4), Buffer.from(bytes)]);
      const reference = referenceDecode(stream);
      assert.equal(reference.errors.length > 0, true, 'mqtt-packet refuses it');
      const { sut, sink } = reader();
      sut.push(stream);
      assert.deepEqual(sink.errors, reference.errors.slice(0, 1));
      // Nothing more is read from a connection after its error.
      sut.push(generate({ cmd: 'pingreq' }));
      assert.equal(sink.packets.length, 1);
    });
  }

  test('a malformed packet on one connection leaves the shared parser clean for the others', () => {
    for (const [, bytes] of malformed) {
      const bad = reader();
      bad.sut.push(Buffer.from(bytes)); // before CONNECT
      const broken = connect(4);
      broken[9] = broken[9]! | 0x01; // CONNECT reserved flag [MQTT-3.1.2-3]
      reader().sut.push(broken);
      const good = reader();
      good.sut.push(
        Buffer.concat([
          connect(5),
          generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a', qos: 0 }] }, { protocolVersion: 5 }),
        ]),
      );
      assert.deepEqual(good.sink.errors, []);
      assert.deepEqual(
        good.sink.packets.map((p) => p.cmd),
        ['connect', 'subscribe'],
      );
    }
  });

  test('refuses a packet above the size limit from its fixed header, before its body arrives', () => {
    const { sut, sink } = reader(100);
    sut.push(connect(4));
    // PUBLISH announcing 200 bytes of remaining length; only the header is sent.
    sut.push(Buffer.from([0x30, 0xc8, 0x01]));
    assert.deepEqual(sink.oversized, [203]);
    sut.push(Buffer.alloc(200));
    assert.equal(sink.packets.length, 1);
  });

  test('stops reading a chunk once the connection is closed', () => {
    const { sut, sink } = reader();
    sut.push(connect(4));
    sink.closed = true;
    sut.push(Buffer.concat([generate({ cmd: 'pingreq' }), generate({ cmd: 'pingreq' })]));
    assert.equal(sink.packets.length, 1);
  });
});
