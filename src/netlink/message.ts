import { align, NLMSG_HDRLEN } from "./constants.ts";
import { DecodeError } from "./errors.ts";

/**
 * A Message is one netlink message: the nlmsghdr fields and the payload that follows the header.
 * `data` is a view into the received datagram (not a copy) and excludes alignment padding.
 */
export interface Message {
  /** nlmsg_type: NLMSG_* control types, or a family's message type (RTM_NEWLINK, a genl family id…). */
  type: number;
  /** nlmsg_flags: NLM_F_*. */
  flags: number;
  /** nlmsg_seq: zero means "let Conn.execute fill it in". */
  seq: number;
  /** nlmsg_pid: the sender's port id; zero means "fill in" (requests) or the kernel (replies). */
  pid: number;
  /** The payload after the 16-byte header. */
  data: Uint8Array;
}

/** Build a message with empty seq and pid, to be filled in by Conn.execute. */
export function message(type: number, flags: number, data: Uint8Array = new Uint8Array(0)): Message {
  return { type, flags, seq: 0, pid: 0, data };
}

/** The on-wire size of a message, padding included. */
export function messageSize(m: Message): number {
  return align(NLMSG_HDRLEN + m.data.length);
}

/**
 * Encode messages into one datagram. Each header's nlmsg_len counts header and payload without
 * the trailing padding, as the kernel does.
 */
export function encodeMessages(messages: readonly Message[]): Uint8Array {
  let size = 0;
  for (const m of messages) size += messageSize(m);
  const out = new Uint8Array(size);
  let off = 0;
  for (const m of messages) {
    putHeader(out, off, NLMSG_HDRLEN + m.data.length, m.type, m.flags, m.seq, m.pid);
    out.set(m.data, off + NLMSG_HDRLEN);
    off += messageSize(m);
  }
  return out;
}

/** Encode one message. The result is a plain Uint8Array whose `.buffer` is never touched here. */
export function encodeMessage(m: Message): Uint8Array {
  const data = m.data;
  const n = data.length;
  const out = new Uint8Array(align(NLMSG_HDRLEN + n));
  putHeader(out, 0, NLMSG_HDRLEN + n, m.type, m.flags, m.seq, m.pid);
  // TypedArray#set is a native call that costs more than a short loop for a small request.
  if (n <= 64) for (let i = 0; i < n; i++) out[NLMSG_HDRLEN + i] = data[i]!;
  else out.set(data, NLMSG_HDRLEN);
  return out;
}

/** Write a 16-byte nlmsghdr at `off`. */
export function writeHeader(
  view: DataView,
  off: number,
  length: number,
  type: number,
  flags: number,
  seq: number,
  pid: number,
): void {
  view.setUint32(off, length, true);
  view.setUint16(off + 4, type, true);
  view.setUint16(off + 6, flags, true);
  view.setUint32(off + 8, seq >>> 0, true);
  view.setUint32(off + 12, pid >>> 0, true);
}

// Byte-wise little-endian access: no DataView to allocate, and no `.buffer` to materialize (which
// costs microseconds on a small Uint8Array that was not created over an ArrayBuffer).
function putHeader(b: Uint8Array, off: number, length: number, type: number, flags: number, seq: number, pid: number): void {
  putU32(b, off, length);
  b[off + 4] = type;
  b[off + 5] = type >>> 8;
  b[off + 6] = flags;
  b[off + 7] = flags >>> 8;
  putU32(b, off + 8, seq);
  putU32(b, off + 12, pid);
}

function putU32(b: Uint8Array, off: number, v: number): void {
  b[off] = v;
  b[off + 1] = v >>> 8;
  b[off + 2] = v >>> 16;
  b[off + 3] = v >>> 24;
}

/**
 * Split one datagram into messages. The payloads are views into `datagram`.
 * Throws DecodeError for a short header, a length below the header size, or a length past the end;
 * a final message whose padding the sender omitted is accepted.
 */
export function decodeMessages(datagram: Uint8Array): Message[] {
  const out: Message[] = [];
  const end = datagram.length;
  // One buffer lookup per datagram; per message a view is made with the constructor, which is
  // cheaper than subarray().
  const buffer = datagram.buffer;
  const base = datagram.byteOffset;
  let off = 0;
  while (off < end) {
    if (end - off < NLMSG_HDRLEN) {
      throw new DecodeError(`netlink message at offset ${off}: ${end - off} bytes left, a header needs ${NLMSG_HDRLEN}`);
    }
    // Header fields read inline: a dump runs this per message, often before the JIT has warmed up.
    const d = datagram;
    const length = (d[off]! | (d[off + 1]! << 8) | (d[off + 2]! << 16) | (d[off + 3]! << 24)) >>> 0;
    if (length < NLMSG_HDRLEN) {
      throw new DecodeError(`netlink message at offset ${off}: nlmsg_len ${length} is below the header size ${NLMSG_HDRLEN}`);
    }
    if (length > end - off) {
      throw new DecodeError(`netlink message at offset ${off}: nlmsg_len ${length} runs past the datagram end (${end - off} bytes left)`);
    }
    out.push({
      type: d[off + 4]! | (d[off + 5]! << 8),
      flags: d[off + 6]! | (d[off + 7]! << 8),
      seq: (d[off + 8]! | (d[off + 9]! << 8) | (d[off + 10]! << 16) | (d[off + 11]! << 24)) >>> 0,
      pid: (d[off + 12]! | (d[off + 13]! << 8) | (d[off + 14]! << 16) | (d[off + 15]! << 24)) >>> 0,
      data: new Uint8Array(buffer, base + off + NLMSG_HDRLEN, length - NLMSG_HDRLEN),
    });
    off += (length + 3) & ~3;
  }
  return out;
}
