/**
 * Link names to interface indexes, for the route and neighbour requests that need an index.
 * Internal: a minimal RTM_GETLINK by name, so routes and neighbours do not depend on the links
 * module.
 */
import { AttributeEncoder } from "../netlink/attribute.ts";
import type { Conn } from "../netlink/conn.ts";
import { DecodeError, EncodeError } from "../netlink/errors.ts";

const RTM_GETLINK = 18;
const RTM_NEWLINK = 16;
const IFINFOMSG_SIZE = 16;
const IFI_INDEX_OFFSET = 4;
const IFLA_IFNAME = 3;

/** A link given by name ("veth0") or by interface index. */
export type LinkRef = string | number;

/**
 * Check a link reference without asking the kernel: an index must be a positive 32-bit integer,
 * a name a non-empty string. Returns a problem description, or undefined when it is fine.
 */
export function linkRefProblem(what: string, link: LinkRef): string | undefined {
  if (typeof link === "number") {
    return Number.isInteger(link) && link > 0 && link <= 0x7fffffff ? undefined : `${what}: interface index ${link} is not an integer in 1..2147483647`;
  }
  return typeof link === "string" && link !== "" ? undefined : `${what}: link name must be a non-empty string`;
}

/**
 * Resolve a link to its interface index: numbers are returned as they are, names are looked up
 * with RTM_GETLINK in the Conn's namespace. A missing link rejects with the kernel's NetlinkError
 * (ENODEV).
 */
export async function linkIndex(conn: Conn, link: LinkRef, options: { signal?: AbortSignal } = {}): Promise<number> {
  const problem = linkRefProblem("link", link);
  if (problem !== undefined) throw new EncodeError([problem]);
  if (typeof link === "number") return link;
  const data = new AttributeEncoder(64).struct(new Uint8Array(IFINFOMSG_SIZE)).string(IFLA_IFNAME, link).encode();
  const replies = await conn.execute(
    { type: RTM_GETLINK, flags: 0, data },
    { operation: `RTM_GETLINK (link ${JSON.stringify(link)})`, ...(options.signal ? { signal: options.signal } : {}) },
  );
  const reply = replies[0];
  if (reply === undefined || reply.type !== RTM_NEWLINK || reply.data.length < IFINFOMSG_SIZE) {
    throw new DecodeError(`RTM_GETLINK (link ${JSON.stringify(link)}): expected an RTM_NEWLINK reply with a 16-byte ifinfomsg`);
  }
  return new DataView(reply.data.buffer, reply.data.byteOffset, reply.data.byteLength).getInt32(IFI_INDEX_OFFSET, true);
}

/**
 * A stand-in index for a link name, so a request can be validated (and bad input rejected)
 * before the name is looked up with a round trip.
 */
export function placeholderLink(l: LinkRef | undefined): LinkRef | undefined {
  return typeof l === "string" && l !== "" ? 1 : l;
}
