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
  const view = new DataView(out.buffer);
  let off = 0;
  for (const m of messages) {
    writeHeader(view, off, NLMSG_HDRLEN + m.data.length, m.type, m.flags, m.seq, m.pid);
    out.set(m.data, off + NLMSG_HDRLEN);
    off += messageSize(m);
  }
  return out;
}

/** Encode one message. */
export function encodeMessage(m: Message): Uint8Array {
  return encodeMessages([m]);
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

/**
 * Split one datagram into messages. The payloads are views into `datagram`.
 * Throws DecodeError for a short header, a length below the header size, or a length past the end;
 * a final message whose padding the sender omitted is accepted.
 */
export function decodeMessages(datagram: Uint8Array): Message[] {
  const out: Message[] = [];
  const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  const end = datagram.byteLength;
  let off = 0;
  while (off < end) {
    if (end - off < NLMSG_HDRLEN) {
      throw new DecodeError(`netlink message at offset ${off}: ${end - off} bytes left, a header needs ${NLMSG_HDRLEN}`);
    }
    const length = view.getUint32(off, true);
    if (length < NLMSG_HDRLEN) {
      throw new DecodeError(`netlink message at offset ${off}: nlmsg_len ${length} is below the header size ${NLMSG_HDRLEN}`);
    }
    if (length > end - off) {
      throw new DecodeError(`netlink message at offset ${off}: nlmsg_len ${length} runs past the datagram end (${end - off} bytes left)`);
    }
    out.push({
      type: view.getUint16(off + 4, true),
      flags: view.getUint16(off + 6, true),
      seq: view.getUint32(off + 8, true),
      pid: view.getUint32(off + 12, true),
      data: datagram.subarray(off + NLMSG_HDRLEN, off + length),
    });
    off += align(length);
  }
  return out;
}
