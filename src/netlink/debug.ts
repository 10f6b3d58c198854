import type { Message } from "./message.ts";

/**
 * Tracing of every message sent and received, switched on by BUN_NETLINK_DEBUG=1 (headers) or
 * BUN_NETLINK_DEBUG=2 (headers and payload hex). Written to stderr.
 */
const level = Number(process.env.BUN_NETLINK_DEBUG ?? 0) || 0;

export const debugEnabled = level > 0;

export function traceMessage(direction: "send" | "recv", portId: number, m: Message, group = 0): void {
  let line =
    `[netlink ${direction} port=${portId}] type=${m.type} flags=0x${m.flags.toString(16)} ` +
    `seq=${m.seq} pid=${m.pid} len=${m.data.length}` + (group > 0 ? ` group=${group}` : "");
  if (level > 1) line += ` data=${Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength).toString("hex")}`;
  process.stderr.write(line + "\n");
}

export function trace(text: string): void {
  process.stderr.write(`[netlink] ${text}\n`);
}
