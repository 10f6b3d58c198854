/**
 * Neighbour (ARP / NDP) constants with their uapi names, from linux/neighbour.h (struct ndmsg,
 * NDA_*, NTF_*, NUD_*). The numbers are kernel ABI.
 *
 * The RTM_*NEIGH message types are also defined by the rtnetlink constants module; they are
 * repeated here so that neighbours do not depend on it.
 */


/** struct ndmsg: 12 bytes; field offsets. */
export const NDMSG_SIZE = 12;
export const NDM_FAMILY_OFFSET = 0;
export const NDM_IFINDEX_OFFSET = 4;
export const NDM_STATE_OFFSET = 8;
export const NDM_FLAGS_OFFSET = 10;
export const NDM_TYPE_OFFSET = 11;

/** Neighbour attributes. */
export const NDA_UNSPEC = 0;
export const NDA_DST = 1;
export const NDA_LLADDR = 2;
export const NDA_CACHEINFO = 3;
export const NDA_PROBES = 4;
export const NDA_VLAN = 5;
export const NDA_PORT = 6;
export const NDA_VNI = 7;
export const NDA_IFINDEX = 8;
export const NDA_MASTER = 9;
export const NDA_LINK_NETNSID = 10;
export const NDA_SRC_VNI = 11;
export const NDA_PROTOCOL = 12;
export const NDA_NH_ID = 13;
export const NDA_FDB_EXT_ATTRS = 14;
export const NDA_FLAGS_EXT = 15;
export const NDA_NDM_STATE_MASK = 16;
export const NDA_NDM_FLAGS_MASK = 17;

/** struct nda_cacheinfo: four u32 (confirmed, used, updated, refcnt). */
export const NDA_CACHEINFO_SIZE = 16;

/** ndm_flags. */
export const NTF_USE = 1 << 0;
export const NTF_SELF = 1 << 1;
export const NTF_MASTER = 1 << 2;
export const NTF_PROXY = 1 << 3;
export const NTF_EXT_LEARNED = 1 << 4;
export const NTF_OFFLOADED = 1 << 5;
export const NTF_STICKY = 1 << 6;
export const NTF_ROUTER = 1 << 7;
/** Extended flags, in NDA_FLAGS_EXT. */
export const NTF_EXT_MANAGED = 1 << 0;

/** ndm_state: neighbour unreachability detection states (a bit mask). */
export const NUD_NONE = 0x00;
export const NUD_INCOMPLETE = 0x01;
export const NUD_REACHABLE = 0x02;
export const NUD_STALE = 0x04;
export const NUD_DELAY = 0x08;
export const NUD_PROBE = 0x10;
export const NUD_FAILED = 0x20;
export const NUD_NOARP = 0x40;
export const NUD_PERMANENT = 0x80;

/** The message types live with the other RTM_* numbers in constants.ts. */
export { RTM_NEWNEIGH, RTM_DELNEIGH, RTM_GETNEIGH } from "./constants.ts";
