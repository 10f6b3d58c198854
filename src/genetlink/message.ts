import { DecodeError, EncodeError } from "../netlink/errors.ts";
import type { Message } from "../netlink/message.ts";
import { GENL_HDRLEN } from "./constants.ts";

/**
 * A GenericMessage is a generic netlink message: the genlmsghdr's command and version, and what
 * follows the header. The netlink message type is the family id.
 */
export interface GenericMessage {
  /** genlmsghdr.cmd: the family's command (CTRL_CMD_GETFAMILY, NL80211_CMD_GET_INTERFACE…). */
  command: number;
  /** genlmsghdr.version: the family's interface version. */
  version: number;
  /**
   * The bytes after the 4-byte genlmsghdr: the family's fixed header first, if it has one
   * (Family.headerSize bytes; most families have none), then the attributes. A view, not a copy.
   */
  data: Uint8Array;
  /** The netlink message it came in (type = family id, flags, seq, pid). */
  message: Message;
}

/**
 * Encode a genlmsghdr followed by `attributes` (and any family header the caller put in front of
 * them): the payload of a generic netlink request. Throws EncodeError when command or version is
 * not a u8.
 *
 * @example
 * const data = encodeGeneric(CTRL_CMD_GETFAMILY, 1, new AttributeEncoder().string(CTRL_ATTR_FAMILY_NAME, "nlctrl").encode());
 */
export function encodeGeneric(command: number, version: number, attributes: Uint8Array = new Uint8Array(0)): Uint8Array {
  const problems: string[] = [];
  if (!isU8(command)) problems.push(`generic netlink command ${command} is not an integer in 0..255`);
  if (!isU8(version)) problems.push(`generic netlink version ${version} is not an integer in 0..255`);
  if (problems.length > 0) throw new EncodeError(problems);
  const out = new Uint8Array(GENL_HDRLEN + attributes.length);
  out[0] = command;
  out[1] = version;
  // out[2..3]: reserved, zero.
  out.set(attributes, GENL_HDRLEN);
  return out;
}

/**
 * Split a netlink message into its genlmsghdr and the rest. Throws DecodeError when the payload is
 * shorter than the 4-byte header. The reserved field is ignored, as the kernel does.
 */
export function decodeGeneric(m: Message): GenericMessage {
  if (m.data.length < GENL_HDRLEN) {
    throw new DecodeError(
      `generic netlink message (type ${m.type}): payload of ${m.data.length} bytes, the genlmsghdr needs ${GENL_HDRLEN}`,
    );
  }
  return { command: m.data[0]!, version: m.data[1]!, data: m.data.subarray(GENL_HDRLEN), message: m };
}

function isU8(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 0xff;
}
