/**
 * Codec micro-benchmarks: building requests with AttributeEncoder and encodeMessages, splitting
 * datagrams with decodeMessages, and walking attributes with AttributeDecoder.
 *
 *   bun bench/micro/codec.ts
 */
import { AttributeDecoder, AttributeEncoder, decodeMessages, encodeMessages, type Message } from "../../src/netlink/index.ts";
import { RTA_DST, RTA_GATEWAY, RTA_OIF, RTA_PRIORITY, RTA_TABLE, routeDumpDatagrams } from "./fixtures.ts";
import { measure } from "./measure.ts";

const GENL_HDR = Uint8Array.of(3, 1, 0, 0);
let sink = 0;

console.log("codec (encode)");
await measure("AttributeEncoder: genl GETFAMILY request (header + string)", () => {
  sink += new AttributeEncoder().struct(GENL_HDR).string(2, "nlctrl").encode().length;
});
await measure("AttributeEncoder: link request (ifinfomsg, 4 attrs, 1 nest)", () => {
  sink += new AttributeEncoder()
    .struct(new Uint8Array(16))
    .string(3, "veth0")
    .u32(4, 1500)
    .u8(33, 1)
    .nested(18, (e) => e.string(1, "veth"))
    .encode().length;
});
await measure("AttributeEncoder: 64-bit and signed values", () => {
  sink += new AttributeEncoder().u64(1, 1n << 40n).s32(2, -5).s64(3, -1n).uint(4, 7).encode().length;
});
const request: Message = { type: 16, flags: 1, seq: 1, pid: 0, data: new AttributeEncoder().struct(GENL_HDR).string(2, "nlctrl").encode() };
await measure("encodeMessages: one request", () => {
  sink += encodeMessages([request]).length;
});

console.log("codec (decode), per message of a 32 KiB route-dump datagram");
const datagrams = routeDumpDatagrams(5000);
const first = datagrams[0]!;
const perDatagram = decodeMessages(first).length;
await measure("decodeMessages: split a datagram", () => {
  sink += decodeMessages(first).length;
}, { opsPerCall: perDatagram });
const messages = decodeMessages(first);
await measure("AttributeDecoder: walk a route (5 attributes, u32 + bytes)", () => {
  for (const m of messages) {
    const ad = new AttributeDecoder(m.data.subarray(12));
    while (ad.next()) {
      switch (ad.type) {
        case RTA_TABLE:
        case RTA_OIF:
        case RTA_PRIORITY:
          sink += ad.u32();
          break;
        case RTA_DST:
        case RTA_GATEWAY:
          sink += ad.bytes()[3]!;
          break;
      }
    }
  }
}, { opsPerCall: messages.length });
await measure("AttributeDecoder: raw() every attribute (kept unknowns)", () => {
  for (const m of messages) {
    const ad = new AttributeDecoder(m.data.subarray(12));
    while (ad.next()) sink += ad.raw().data.length;
  }
}, { opsPerCall: messages.length });
await measure("decode + walk a whole 5,000-route dump", () => {
  for (const d of datagrams) {
    for (const m of decodeMessages(d)) {
      const ad = new AttributeDecoder(m.data.subarray(12));
      while (ad.next()) if (ad.type === RTA_OIF) sink += ad.u32();
    }
  }
}, { opsPerCall: 5000 });
if (sink === 0) console.log("");
