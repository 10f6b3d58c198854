/**
 * IP addresses over rtnetlink: list (optionally by link and family), add, replace, delete, and
 * parseAddress() for RTM_NEWADDR / RTM_DELADDR messages (dump replies and events alike).
 *
 * Addresses are strings ("192.0.2.1", "2001:db8::1") with a separate prefix length. As with
 * links, a Conn from `dial(NETLINK_ROUTE, { netns })` works inside that namespace.
 *
 * @example
 * await addAddress(conn, { link: "veth0", address: "192.0.2.1/24" });
 * await addAddress(conn, { link: "veth0", address: "2001:db8::1/64", flags: ["nodad"] });
 * for (const a of await listAddresses(conn, { link: "veth0", family: 4 })) console.log(`${a.address}/${a.prefixLength}`);
 * await deleteAddress(conn, { link: "veth0", address: "192.0.2.1/24" });
 */
import { AttributeEncoder, type RawAttribute } from "../netlink/attribute.ts";
import type { Conn } from "../netlink/conn.ts";
import { NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_HDRLEN, NLA_TYPE_MASK, NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REPLACE } from "../netlink/constants.ts";
import { DecodeError, EncodeError } from "../netlink/errors.ts";
import type { Message } from "../netlink/message.ts";
import {
  IFA_ADDRESS,
  IFA_BROADCAST,
  IFA_CACHEINFO,
  IFA_F_DADFAILED,
  IFA_F_DEPRECATED,
  IFA_F_HOMEADDRESS,
  IFA_F_MANAGETEMPADDR,
  IFA_F_MCAUTOJOIN,
  IFA_F_NODAD,
  IFA_F_NOPREFIXROUTE,
  IFA_F_OPTIMISTIC,
  IFA_F_PERMANENT,
  IFA_F_SECONDARY,
  IFA_F_STABLE_PRIVACY,
  IFA_F_TENTATIVE,
  IFA_FLAGS,
  IFA_LABEL,
  IFA_LOCAL,
  IFA_PROTO,
  IFA_RT_PRIORITY,
  RT_SCOPE_HOST,
  RT_SCOPE_LINK,
  RT_SCOPE_NOWHERE,
  RT_SCOPE_SITE,
  RT_SCOPE_UNIVERSE,
  RTM_DELADDR,
  RTM_GETADDR,
  RTM_NEWADDR,
} from "./constants.ts";
import { AF_INET, AF_INET6, AF_UNSPEC, parsePrefix } from "./ip.ts";
import { linkIndex, type LinkRef } from "./link-index.ts";
import { DEFAULT_DUMP_RETRIES, executeOptions, type DumpOptions, type RequestOptions } from "./request-options.ts";
import { addressAt, badHeader, badLength, ipv4At, le32, stringAt, u32At, u8At } from "./wire.ts";

/** An IP version. */
export type AddressFamily = 4 | 6;

/** ifa_scope by name (iproute2's words: RT_SCOPE_UNIVERSE is "global"). */
export type AddressScope = "global" | "site" | "link" | "host" | "nowhere";

const SCOPE_NUMBERS: Record<AddressScope, number> = {
  global: RT_SCOPE_UNIVERSE,
  site: RT_SCOPE_SITE,
  link: RT_SCOPE_LINK,
  host: RT_SCOPE_HOST,
  nowhere: RT_SCOPE_NOWHERE,
};
// Plain loops build the tables: callbacks cost more at start-up, before the JIT warms up.
const SCOPE_NAMES: (AddressScope | number)[] = [];
for (let i = 0; i < 256; i++) SCOPE_NAMES.push(i);
for (const [name, n] of Object.entries(SCOPE_NUMBERS)) SCOPE_NAMES[n] = name as AddressScope;

/**
 * IFA_F_* flags by the words `ip address` uses. Bit 0x01 is "secondary" on IPv4 and "temporary"
 * on IPv6; "permanent" is what `ip` shows as the absence of "dynamic".
 */
export type AddressFlagName =
  | "secondary"
  | "temporary"
  | "nodad"
  | "optimistic"
  | "dadfailed"
  | "home"
  | "deprecated"
  | "tentative"
  | "permanent"
  | "mngtmpaddr"
  | "noprefixroute"
  | "autojoin"
  | "stable-privacy";

const FLAG_BITS: Record<AddressFlagName, number> = {
  secondary: IFA_F_SECONDARY,
  temporary: IFA_F_SECONDARY,
  nodad: IFA_F_NODAD,
  optimistic: IFA_F_OPTIMISTIC,
  dadfailed: IFA_F_DADFAILED,
  home: IFA_F_HOMEADDRESS,
  deprecated: IFA_F_DEPRECATED,
  tentative: IFA_F_TENTATIVE,
  permanent: IFA_F_PERMANENT,
  mngtmpaddr: IFA_F_MANAGETEMPADDR,
  noprefixroute: IFA_F_NOPREFIXROUTE,
  autojoin: IFA_F_MCAUTOJOIN,
  "stable-privacy": IFA_F_STABLE_PRIVACY,
};

/**
 * Name the IFA_F_* bits set in `flags`, lowest bit first; bits without a name are left out.
 *
 * @example
 * addressFlagNames(a.flags, a.family) // ["nodad", "permanent"]
 */
export function addressFlagNames(flags: number, family: AddressFamily): AddressFlagName[] {
  const out: AddressFlagName[] = [];
  for (const [name, bit] of Object.entries(FLAG_BITS) as [AddressFlagName, number][]) {
    if ((flags & bit) === 0) continue;
    if (bit === IFA_F_SECONDARY && name !== (family === 4 ? "secondary" : "temporary")) continue;
    out.push(name);
  }
  return out;
}

/** A lifetime of 0xFFFFFFFF seconds means forever; Address reports it as Infinity. */
const INFINITY_LIFETIME = 0xffffffff;

/**
 * An Address is one decoded RTM_NEWADDR / RTM_DELADDR message. Every key is present on every
 * object (absent attributes are `undefined`), which keeps decoded addresses one shape.
 */
export interface Address {
  family: AddressFamily;
  /** ifa_index: the link the address is on. */
  index: number;
  /** The interface's own address (IFA_LOCAL, else IFA_ADDRESS): "192.0.2.1", "2001:db8::1". */
  address: string;
  /** ifa_prefixlen. */
  prefixLength: number;
  /** The far end of a point-to-point address (IFA_ADDRESS when it differs from IFA_LOCAL). */
  peer: string | undefined;
  /** IFA_BROADCAST (IPv4). */
  broadcast: string | undefined;
  /** IFA_LABEL (IPv4): the link's name, or "name:alias". */
  label: string | undefined;
  /** ifa_scope: a name, or the number when it has none. */
  scope: AddressScope | number;
  /** IFA_FLAGS (or ifa_flags when absent): IFA_F_* bits; see addressFlagNames(). */
  flags: number;
  /** Seconds the address stays valid; Infinity for forever. */
  validLifetime: number;
  /** Seconds the address stays preferred; Infinity for forever. */
  preferredLifetime: number;
  /** When the address was added, in seconds since boot (IFA_CACHEINFO cstamp). */
  created: number | undefined;
  /** When the address last changed, in seconds since boot (IFA_CACHEINFO tstamp). */
  updated: number | undefined;
  /** IFA_RT_PRIORITY: the metric of the prefix route. */
  metric: number | undefined;
  /** IFA_PROTO: who added the address (IFAPROT_*), when the kernel says. */
  protocol: number | undefined;
  /** Attributes not decoded above. */
  other: readonly RawAttribute[];
}

const NONE_RAW: readonly RawAttribute[] = Object.freeze([]);
const IFADDRMSG_LEN = 8;

// Labels repeat (usually the link's name): decode each distinct one once, compared in place.
let lastLabelBytes = new Uint8Array(0);
let lastLabel = "";

function labelAt(d: Uint8Array, p: number, n: number): string {
  let len = 0;
  while (len < n && d[p + len] !== 0) len++;
  if (len === lastLabelBytes.length) {
    let i = 0;
    while (i < len && d[p + i] === lastLabelBytes[i]) i++;
    if (i === len) return lastLabel;
  }
  lastLabel = stringAt(d, p, len);
  lastLabelBytes = d.slice(p, p + len);
  return lastLabel;
}

/**
 * Decode an RTM_NEWADDR or RTM_DELADDR message. Throws DecodeError for another message type, a
 * family other than IPv4 / IPv6, a short ifaddrmsg, or malformed attributes.
 */
export function parseAddress(m: Message): Address {
  return decodeAddress(m.type, m.data, 0, m.data.length);
}

/** parseAddress() of the payload d[s, end) of a message of the given type (Conn.collect's form). */
export function decodeAddress(type: number, d: Uint8Array, s: number, end: number): Address {
  if (type !== RTM_NEWADDR && type !== RTM_DELADDR) {
    throw new DecodeError(`parseAddress: message type ${type} is not RTM_NEWADDR (20) or RTM_DELADDR (21)`);
  }
  if (end - s < IFADDRMSG_LEN) throw new DecodeError(`ifaddrmsg needs ${IFADDRMSG_LEN} bytes, the message has ${end - s}`);
  const af = d[s]!;
  const v4 = af === AF_INET;
  if (!v4 && af !== AF_INET6) throw new DecodeError(`address message: family ${af} is not AF_INET (2) or AF_INET6 (10)`);
  const prefixLength = d[s + 1]!;
  if (prefixLength > (v4 ? 32 : 128)) throw new DecodeError(`address message: prefix length ${prefixLength} exceeds ${v4 ? 32 : 128}`);
  let flags = d[s + 2]!;
  const index = d[s + 4]! | (d[s + 5]! << 8) | (d[s + 6]! << 16) | (d[s + 7]! << 24);
  let local: string | undefined;
  let address: string | undefined;
  let localAt = -1;
  let addressAt4 = -1;
  let broadcast: string | undefined;
  let lbl: string | undefined;
  let valid = INFINITY_LIFETIME;
  let preferred = INFINITY_LIFETIME;
  let created: number | undefined;
  let updated: number | undefined;
  let metric: number | undefined;
  let protocol: number | undefined;
  let other = NONE_RAW as RawAttribute[];
  // The attributes are read in place (see wire.ts): no decoder or view per message.
  let off = s + IFADDRMSG_LEN;
  while (end - off >= NLA_HDRLEN) {
    const len = d[off]! | (d[off + 1]! << 8);
    if (len < NLA_HDRLEN || len > end - off) throw badHeader(d, off, s + IFADDRMSG_LEN, end);
    const raw = d[off + 2]! | (d[off + 3]! << 8);
    const type = raw & NLA_TYPE_MASK;
    const p = off + NLA_HDRLEN;
    const n = len - NLA_HDRLEN;
    // Numeric case labels make a jump table (see parseLink); link-constants.test.ts checks the names.
    switch (type) {
      case 1: // IFA_ADDRESS
        if (v4) {
          if (n !== 4) throw badLength(type, "IPv4 address", 4, n);
          addressAt4 = p;
        } else address = addressAt(d, p, n, type, false);
        break;
      case 2: // IFA_LOCAL
        if (v4) {
          if (n !== 4) throw badLength(type, "IPv4 address", 4, n);
          localAt = p;
        } else local = addressAt(d, p, n, type, false);
        break;
      case 4: // IFA_BROADCAST
        broadcast = addressAt(d, p, n, type, v4);
        break;
      case 3: // IFA_LABEL
        lbl = labelAt(d, p, n);
        break;
      case 8: // IFA_FLAGS
        flags = u32At(d, p, n, type);
        break;
      case 6: // IFA_CACHEINFO
        if (n < 16) throw badLength(type, "ifa_cacheinfo", 16, n);
        preferred = le32(d, p);
        valid = le32(d, p + 4);
        created = le32(d, p + 8) / 100;
        updated = le32(d, p + 12) / 100;
        break;
      case 9: // IFA_RT_PRIORITY
        metric = u32At(d, p, n, type);
        break;
      case 11: // IFA_PROTO
        protocol = u8At(d, p, n, type);
        break;
      default:
        if (other === NONE_RAW) other = [];
        other.push({ type, nested: (raw & NLA_F_NESTED) !== 0, netByteOrder: (raw & NLA_F_NET_BYTEORDER) !== 0, data: d.slice(p, p + n) });
    }
    off += (len + 3) & ~3;
  }
  if (v4) {
    // IPv4 sends both; they differ only for a point-to-point peer.
    if (localAt !== -1) local = ipv4At(d, localAt);
    if (addressAt4 !== -1) {
      const same = localAt !== -1 && d[localAt] === d[addressAt4] && d[localAt + 1] === d[addressAt4 + 1] &&
        d[localAt + 2] === d[addressAt4 + 2] && d[localAt + 3] === d[addressAt4 + 3];
      address = same ? local : ipv4At(d, addressAt4);
    }
  }
  const own = local ?? address;
  if (own === undefined) throw new DecodeError(`address message for link ${index}: neither IFA_LOCAL nor IFA_ADDRESS`);
  return {
    family: v4 ? 4 : 6,
    index,
    address: own,
    prefixLength,
    peer: local !== undefined && address !== undefined && address !== local ? address : undefined,
    broadcast,
    label: lbl,
    scope: SCOPE_NAMES[d[s + 3]!]!,
    flags,
    validLifetime: valid === INFINITY_LIFETIME ? Infinity : valid,
    preferredLifetime: preferred === INFINITY_LIFETIME ? Infinity : preferred,
    created,
    updated,
    metric,
    protocol,
    other,
  };
}

// ---------------------------------------------------------------------------------------------
// Requests

function ifaddrmsg(family: number, prefixLength: number, flags: number, scope: number, index: number): Uint8Array {
  const h = new Uint8Array(IFADDRMSG_LEN);
  h[0] = family;
  h[1] = prefixLength;
  h[2] = flags & 0xff;
  h[3] = scope;
  new DataView(h.buffer).setUint32(4, index >>> 0, true);
  return h;
}

/** Options of listAddresses(). */
export interface ListAddressesOptions extends DumpOptions {
  /** Only the addresses of this link (filtered by the kernel). */
  link?: LinkRef;
  /** Only IPv4 (4) or IPv6 (6) addresses; default both. */
  family?: AddressFamily | "all";
}

function familyNumber(f: AddressFamily | "all" | undefined): number {
  if (f === undefined || f === "all") return AF_UNSPEC;
  if (f === 4) return AF_INET;
  if (f === 6) return AF_INET6;
  throw new EncodeError([`family ${String(f)} is not 4, 6 or "all"`]);
}

/**
 * List the addresses of the Conn's namespace (one RTM_GETADDR dump), in the kernel's order:
 * IPv4 first, then IPv6.
 *
 * @example
 * const v6 = await listAddresses(conn, { link: "veth0", family: 6 });
 */
export async function listAddresses(conn: Conn, options: ListAddressesOptions = {}): Promise<Address[]> {
  const af = familyNumber(options.family);
  const index = options.link === undefined ? 0 : await linkIndex(conn, options.link, options);
  // With strict checking the kernel filters on ifa_index; the header must be otherwise zero.
  return conn.collect(
    { type: RTM_GETADDR, flags: NLM_F_DUMP, data: ifaddrmsg(af, 0, 0, 0, index) },
    (type, _flags, d, s, end) => {
      if (type !== RTM_NEWADDR || end - s < 1) return undefined;
      const f = d[s];
      if (f !== AF_INET && f !== AF_INET6) return undefined;
      if (af !== AF_UNSPEC && f !== af) return undefined;
      const a = decodeAddress(type, d, s, end);
      return index === 0 || a.index === index ? a : undefined;
    },
    executeOptions("RTM_GETADDR", options, DEFAULT_DUMP_RETRIES),
  );
}

/** What addAddress() and replaceAddress() add. */
export interface AddressSpec {
  /** The link to put the address on. */
  link: LinkRef;
  /** "192.0.2.1/24" or "2001:db8::1/64"; without a prefix length, the full length (/32, /128). */
  address: string;
  /**
   * The far end of a point-to-point link ("192.0.2.2", or "192.0.2.0/24" whose prefix length is
   * used when `address` has none).
   */
  peer?: string;
  /** IPv4 broadcast address, or true to derive it from the prefix (`ip`'s "brd +"). */
  broadcast?: string | true;
  /** IPv4 label, at most 15 bytes; default the link's name. */
  label?: string;
  /** Default: "host" for 127.0.0.0/8, else "global" (as `ip` does); the kernel picks IPv6 scopes. */
  scope?: AddressScope | number;
  /** IFA_F_* flags by name (["nodad", "noprefixroute"]) or as a number. */
  flags?: readonly AddressFlagName[] | number;
  /** Seconds the address stays valid; default forever (Infinity). */
  validLifetime?: number;
  /** Seconds the address stays preferred; default the valid lifetime. */
  preferredLifetime?: number;
  /** IFA_RT_PRIORITY: the metric of the prefix route. */
  metric?: number;
  /** IFA_PROTO: who added the address. */
  protocol?: number;
}

const IFA_LABEL_MAX = 15;
const textEncoder = new TextEncoder();

function lifetime(x: number, what: string, problems: string[]): number {
  if (x === Infinity) return INFINITY_LIFETIME;
  if (!Number.isInteger(x) || x < 0 || x >= INFINITY_LIFETIME) problems.push(`${what} ${x} is not a whole number of seconds below 2^32-1 (or Infinity)`);
  return x >>> 0;
}

function flagBits(flags: readonly AddressFlagName[] | number | undefined, problems: string[]): number {
  if (flags === undefined) return 0;
  if (typeof flags === "number") {
    if (!Number.isInteger(flags) || flags < 0 || flags > 0xffffffff) problems.push(`flags ${flags} is not a u32`);
    return flags >>> 0;
  }
  let bits = 0;
  for (const f of flags) {
    const b = FLAG_BITS[f];
    if (b === undefined) problems.push(`unknown address flag ${JSON.stringify(f)}`);
    else bits |= b;
  }
  return bits;
}

/** Build an RTM_NEWADDR payload (exported for tests and for code that batches requests). */
export function encodeAddress(spec: AddressSpec, index: number): Uint8Array {
  const problems: string[] = [];
  const local = parsePrefix(spec.address);
  const hasLen = spec.address.includes("/");
  const v4 = local.address.length === 4;
  let peer: ReturnType<typeof parsePrefix> | undefined;
  if (spec.peer !== undefined) {
    peer = parsePrefix(spec.peer);
    if (peer.address.length !== local.address.length) problems.push(`peer ${spec.peer} is not of the same family as ${spec.address}`);
  }
  const prefixLength = hasLen || peer === undefined || !spec.peer!.includes("/") ? local.prefixLength : peer.prefixLength;
  let scope: number;
  if (spec.scope === undefined) scope = v4 && local.address[0] === 127 ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
  else if (typeof spec.scope === "number") {
    if (!Number.isInteger(spec.scope) || spec.scope < 0 || spec.scope > 255) problems.push(`scope ${spec.scope} is not in 0..255`);
    scope = spec.scope & 0xff;
  } else {
    const n = SCOPE_NUMBERS[spec.scope];
    if (n === undefined) problems.push(`unknown scope ${JSON.stringify(spec.scope)}`);
    scope = n ?? 0;
  }
  const flags = flagBits(spec.flags, problems);
  let broadcast: Uint8Array | undefined;
  if (spec.broadcast !== undefined) {
    if (!v4) problems.push("broadcast addresses are IPv4-only");
    else if (spec.broadcast === true) {
      broadcast = local.address.slice();
      for (let bit = prefixLength; bit < 32; bit++) broadcast[bit >> 3]! |= 0x80 >> (bit & 7);
    } else {
      broadcast = parsePrefix(spec.broadcast).address;
      if (broadcast.length !== 4) problems.push(`broadcast ${spec.broadcast} is not an IPv4 address`);
    }
  }
  if (spec.label !== undefined) {
    if (!v4) problems.push("labels are IPv4-only");
    const n = textEncoder.encode(spec.label).length;
    if (n === 0 || n > IFA_LABEL_MAX) problems.push(`label ${JSON.stringify(spec.label)} must be 1..${IFA_LABEL_MAX} bytes, is ${n}`);
  }
  let cacheinfo: Uint8Array | undefined;
  if (spec.validLifetime !== undefined || spec.preferredLifetime !== undefined) {
    const valid = lifetime(spec.validLifetime ?? Infinity, "validLifetime", problems);
    const preferred = lifetime(spec.preferredLifetime ?? spec.validLifetime ?? Infinity, "preferredLifetime", problems);
    cacheinfo = new Uint8Array(16);
    const v = new DataView(cacheinfo.buffer);
    v.setUint32(0, preferred, true);
    v.setUint32(4, valid, true);
  }
  if (problems.length > 0) throw new EncodeError(problems.map((p) => `address ${spec.address}: ${p}`));
  const e = new AttributeEncoder(128).struct(ifaddrmsg(v4 ? AF_INET : AF_INET6, prefixLength, flags, scope, index));
  e.bytes(IFA_LOCAL, local.address);
  e.bytes(IFA_ADDRESS, peer?.address ?? local.address);
  if (broadcast !== undefined) e.bytes(IFA_BROADCAST, broadcast);
  if (spec.label !== undefined) e.string(IFA_LABEL, spec.label);
  if (flags !== 0) e.u32(IFA_FLAGS, flags);
  if (cacheinfo !== undefined) e.bytes(IFA_CACHEINFO, cacheinfo);
  if (spec.metric !== undefined) e.u32(IFA_RT_PRIORITY, spec.metric);
  if (spec.protocol !== undefined) e.u8(IFA_PROTO, spec.protocol);
  return e.encode();
}

/**
 * Add an address to a link (RTM_NEWADDR with NLM_F_CREATE | NLM_F_EXCL). An address already
 * present rejects with the kernel's NetlinkError, `code: "EEXIST"`.
 *
 * @example
 * await addAddress(conn, { link: "veth0", address: "192.0.2.1/24", broadcast: true, label: "veth0:web" });
 * await addAddress(conn, { link: "veth0", address: "2001:db8::1/64", validLifetime: 3600, preferredLifetime: 1800 });
 */
export async function addAddress(conn: Conn, spec: AddressSpec, options: RequestOptions = {}): Promise<void> {
  const index = await linkIndex(conn, spec.link, options);
  await conn.execute(
    { type: RTM_NEWADDR, flags: NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, data: encodeAddress(spec, index) },
    executeOptions("RTM_NEWADDR", options),
  );
}

/** Add an address, or update the one already there (its lifetimes, flags…), as `ip address replace`. */
export async function replaceAddress(conn: Conn, spec: AddressSpec, options: RequestOptions = {}): Promise<void> {
  const index = await linkIndex(conn, spec.link, options);
  await conn.execute(
    { type: RTM_NEWADDR, flags: NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE, data: encodeAddress(spec, index) },
    executeOptions("RTM_NEWADDR", options),
  );
}

/** Which address deleteAddress() removes: a link and an address string, or a listed Address. */
export interface AddressRef {
  link: LinkRef;
  /**
   * "192.0.2.1/24". Without a prefix length an IPv4 address matches whatever its prefix (the
   * wildcard `ip` also allows); IPv6 then means /128.
   */
  address: string;
  peer?: string;
}

/** Build an RTM_DELADDR payload. */
export function encodeAddressDelete(ref: AddressRef | Address, index: number): Uint8Array {
  if ("prefixLength" in ref) {
    return encodeAddressDelete({ link: index, address: `${ref.address}/${ref.prefixLength}`, ...(ref.peer === undefined ? {} : { peer: ref.peer }) }, index);
  }
  const local = parsePrefix(ref.address);
  const v4 = local.address.length === 4;
  const wildcard = v4 && !ref.address.includes("/") && ref.peer === undefined;
  const peer = ref.peer === undefined ? undefined : parsePrefix(ref.peer).address;
  if (peer !== undefined && peer.length !== local.address.length) {
    throw new EncodeError([`address ${ref.address}: peer ${ref.peer} is not of the same family`]);
  }
  const e = new AttributeEncoder(64).struct(ifaddrmsg(v4 ? AF_INET : AF_INET6, local.prefixLength, 0, 0, index));
  e.bytes(IFA_LOCAL, local.address);
  // IFA_ADDRESS makes the IPv4 kernel compare the prefix length too; leave it out for a wildcard.
  if (!wildcard) e.bytes(IFA_ADDRESS, peer ?? local.address);
  return e.encode();
}

/**
 * Delete an address. One that is not there rejects with the kernel's NetlinkError,
 * `code: "EADDRNOTAVAIL"`.
 *
 * @example
 * await deleteAddress(conn, { link: "veth0", address: "192.0.2.1/24" });
 * for (const a of await listAddresses(conn, { link: "veth0", family: 6 })) await deleteAddress(conn, a);
 */
export async function deleteAddress(conn: Conn, ref: AddressRef | Address, options: RequestOptions = {}): Promise<void> {
  const index = "prefixLength" in ref ? ref.index : await linkIndex(conn, ref.link, options);
  await conn.execute({ type: RTM_DELADDR, flags: NLM_F_ACK, data: encodeAddressDelete(ref, index) }, executeOptions("RTM_DELADDR", options));
}
