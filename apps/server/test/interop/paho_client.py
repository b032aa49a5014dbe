"""A small Eclipse Paho (Python) MQTT client driven by the interop tests.

Prints one JSON object per line on stdout (flushed) so the test can follow it:
  {"event": "connected", "rc": 0}
  {"event": "subscribed", "granted": [1]}           (subscribe mode; the subscription is active)
  {"event": "message", "topic": ..., "payload": ..., "qos": 1, "retain": false, "userProperties": [[k, v]]}
  {"event": "published", "mid": 1}                   (publish mode; for QoS 1 that is the PUBACK)

Runs against paho-mqtt 1.x (Debian bookworm's python3-paho-mqtt) and 2.x (which needs the
callback API version; VERSION2 callbacks receive the same leading arguments the ones below take).
"""

import argparse
import json
import sys

import paho.mqtt.client as mqtt


def emit(**fields):
    print(json.dumps(fields), flush=True)


def value(code):
    """ReasonCodes (paho 1.x MQTT 5), ReasonCode (2.x) or a plain int, as an int."""
    return getattr(code, "value", code)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["sub", "pub"])
    parser.add_argument("--host", default="localhost")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cafile", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--id", required=True)
    parser.add_argument("--version", choices=["3.1.1", "5"], default="3.1.1")
    parser.add_argument("--topic", required=True)
    parser.add_argument("--qos", type=int, default=1)
    parser.add_argument("--message", default="")
    parser.add_argument("--count", type=int, default=1, help="sub: exit after this many messages")
    args = parser.parse_args()

    v5 = args.version == "5"
    kwargs = {"client_id": args.id, "protocol": mqtt.MQTTv5 if v5 else mqtt.MQTTv311}
    if not v5:
        kwargs["clean_session"] = True
    if hasattr(mqtt, "CallbackAPIVersion"):  # paho-mqtt >= 2.0
        kwargs["callback_api_version"] = mqtt.CallbackAPIVersion.VERSION2
    client = mqtt.Client(**kwargs)
    client.tls_set(ca_certs=args.cafile, certfile=args.cert, keyfile=args.key)

    state = {"received": 0, "failed": False}

    def on_connect(client, userdata, flags, rc, properties=None):
        emit(event="connected", rc=value(rc))
        if value(rc) != 0:
            state["failed"] = True
            client.disconnect()
        elif args.mode == "sub":
            client.subscribe(args.topic, qos=args.qos)
        else:
            client.publish(args.topic, args.message, qos=args.qos)

    def on_subscribe(client, userdata, mid, granted, properties=None):
        emit(event="subscribed", granted=[value(code) for code in granted])

    def on_message(client, userdata, message):
        props = getattr(message, "properties", None)
        user_properties = [list(pair) for pair in getattr(props, "UserProperty", [])] if props else []
        emit(
            event="message",
            topic=message.topic,
            payload=message.payload.decode("utf-8"),
            qos=message.qos,
            retain=bool(message.retain),
            userProperties=user_properties,
        )
        state["received"] += 1
        if state["received"] >= args.count:
            client.disconnect()

    def on_publish(client, userdata, mid, reason_code=None, properties=None):
        emit(event="published", mid=mid)
        client.disconnect()

    client.on_connect = on_connect
    client.on_subscribe = on_subscribe
    client.on_message = on_message
    client.on_publish = on_publish

    if v5:
        client.connect(args.host, args.port, keepalive=30, clean_start=True)
    else:
        client.connect(args.host, args.port, keepalive=30)
    client.loop_forever()
    return 2 if state["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
