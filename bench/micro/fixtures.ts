/**
 * Synthetic netlink traffic for the micro-benchmarks: route messages shaped like the kernel's
 * RTM_NEWROUTE dump replies, packed into datagrams as the kernel packs a dump (up to 32 KiB).
 */
import { AttributeEncoder, encodeMessages, NLM_F_MULTI, NLMSG_DONE, type Message } from "../../src/netlink/index.ts";

export const RTM_NEWROUTE = 24;
export const RTA_DST = 1;
export const RTA_OIF = 4;
export const RTA_GATEWAY = 5;
export const RTA_PRIORITY = 6;
export const RTA_TABLE = 15;
const DUMP_DATAGRAM = 32768;

/** The payload of route number i: rtmsg + table, dst, oif, and a gateway for every second one. */
export function routePayload(i: number): Uint8Array {
  const rtmsg = Uint8Array.of(2, 32, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0);
  const e = new AttributeEncoder().struct(rtmsg).u32(RTA_TABLE, 254).bytes(RTA_DST, Uint8Array.of(198, 18 + (i >> 16), (i >> 8) & 255, i & 255));
  if (i % 2 === 1) e.bytes(RTA_GATEWAY, Uint8Array.of(192, 0, 2, 1));
  return e.u32(RTA_OIF, 2).encode();
}

/** `count` route messages (NLM_F_MULTI, seq 0) and NLMSG_DONE, packed into dump-sized datagrams. */
export function routeDumpDatagrams(count: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let batch: Message[] = [];
  let size = 0;
  const flush = () => {
    if (batch.length > 0) out.push(encodeMessages(batch));
    batch = [];
    size = 0;
  };
  for (let i = 0; i < count; i++) {
    const m: Message = { type: RTM_NEWROUTE, flags: NLM_F_MULTI, seq: 0, pid: 0, data: routePayload(i) };
    const s = (16 + m.data.length + 3) & ~3;
    if (size + s > DUMP_DATAGRAM) flush();
    batch.push(m);
    size += s;
  }
  flush();
  out.push(encodeMessages([{ type: NLMSG_DONE, flags: NLM_F_MULTI, seq: 0, pid: 0, data: new Uint8Array(4) }]));
  return out;
}

/** Set nlmsg_seq and nlmsg_pid of every message in a datagram (in place). */
export function stamp(datagram: Uint8Array, seq: number, pid: number): void {
  const v = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  for (let off = 0; off < datagram.length; ) {
    v.setUint32(off + 8, seq, true);
    v.setUint32(off + 12, pid, true);
    off += (v.getUint32(off, true) + 3) & ~3;
  }
}
