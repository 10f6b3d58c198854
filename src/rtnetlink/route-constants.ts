/**
 * Routing constants with their uapi names, from linux/rtnetlink.h (struct rtmsg, RTA_*, RTN_*,
 * RTPROT_*, RT_SCOPE_*, RT_TABLE_*, RTM_F_*, struct rtnexthop, RTNH_F_*, RTAX_*) and
 * linux/icmpv6.h (RTA_PREF values). The numbers are kernel ABI.
 *
 * The RTM_*ROUTE message types are also defined by the rtnetlink constants module; they are
 * repeated here so that routes do not depend on it.
 */


/** Multicast routing families that an AF_UNSPEC route dump also reports. */
export const RTNL_FAMILY_IPMR = 128;
export const RTNL_FAMILY_IP6MR = 129;

/** struct rtmsg: 12 bytes; field offsets. */
export const RTMSG_SIZE = 12;
export const RTM_FAMILY_OFFSET = 0;
export const RTM_DST_LEN_OFFSET = 1;
export const RTM_SRC_LEN_OFFSET = 2;
export const RTM_TOS_OFFSET = 3;
export const RTM_TABLE_OFFSET = 4;
export const RTM_PROTOCOL_OFFSET = 5;
export const RTM_SCOPE_OFFSET = 6;
export const RTM_TYPE_OFFSET = 7;
export const RTM_FLAGS_OFFSET = 8;

/** struct rtnexthop: 8 bytes (len u16, flags u8, hops u8, ifindex s32), then attributes. */
export const RTNEXTHOP_SIZE = 8;
export const RTNH_LEN_OFFSET = 0;
export const RTNH_FLAGS_OFFSET = 2;
export const RTNH_HOPS_OFFSET = 3;
export const RTNH_IFINDEX_OFFSET = 4;

/** rtm_type. */
export const RTN_UNSPEC = 0;
export const RTN_UNICAST = 1;
export const RTN_LOCAL = 2;
export const RTN_BROADCAST = 3;
export const RTN_ANYCAST = 4;
export const RTN_MULTICAST = 5;
export const RTN_BLACKHOLE = 6;
export const RTN_UNREACHABLE = 7;
export const RTN_PROHIBIT = 8;
export const RTN_THROW = 9;
export const RTN_NAT = 10;
export const RTN_XRESOLVE = 11;

/** rtm_protocol. Values from RTPROT_STATIC up are not interpreted by the kernel. */
export const RTPROT_UNSPEC = 0;
export const RTPROT_REDIRECT = 1;
export const RTPROT_KERNEL = 2;
export const RTPROT_BOOT = 3;
export const RTPROT_STATIC = 4;
export const RTPROT_GATED = 8;
export const RTPROT_RA = 9;
export const RTPROT_MRT = 10;
export const RTPROT_ZEBRA = 11;
export const RTPROT_BIRD = 12;
export const RTPROT_DNROUTED = 13;
export const RTPROT_XORP = 14;
export const RTPROT_NTK = 15;
export const RTPROT_DHCP = 16;
export const RTPROT_MROUTED = 17;
export const RTPROT_KEEPALIVED = 18;
export const RTPROT_BABEL = 42;
export const RTPROT_OPENR = 99;
export const RTPROT_BGP = 186;
export const RTPROT_ISIS = 187;
export const RTPROT_OSPF = 188;
export const RTPROT_RIP = 189;
export const RTPROT_EIGRP = 192;

/* rtm_scope values (RT_SCOPE_*) live in ./constants.ts with the other rtnetlink constants. */

/** rtm_flags. The low byte carries RTNH_F_* flags of a single-path route. */
export const RTM_F_NOTIFY = 0x100;
export const RTM_F_CLONED = 0x200;
export const RTM_F_EQUALIZE = 0x400;
export const RTM_F_PREFIX = 0x800;
export const RTM_F_LOOKUP_TABLE = 0x1000;
export const RTM_F_FIB_MATCH = 0x2000;
export const RTM_F_OFFLOAD = 0x4000;
export const RTM_F_TRAP = 0x8000;
export const RTM_F_OFFLOAD_FAILED = 0x20000000;

/** Reserved table ids (enum rt_class_t). */
export const RT_TABLE_UNSPEC = 0;
export const RT_TABLE_COMPAT = 252;
export const RT_TABLE_DEFAULT = 253;
export const RT_TABLE_MAIN = 254;
export const RT_TABLE_LOCAL = 255;
export const RT_TABLE_MAX = 0xffffffff;

/** Route attributes (enum rtattr_type_t). */
export const RTA_UNSPEC = 0;
export const RTA_DST = 1;
export const RTA_SRC = 2;
export const RTA_IIF = 3;
export const RTA_OIF = 4;
export const RTA_GATEWAY = 5;
export const RTA_PRIORITY = 6;
export const RTA_PREFSRC = 7;
export const RTA_METRICS = 8;
export const RTA_MULTIPATH = 9;
export const RTA_PROTOINFO = 10;
export const RTA_FLOW = 11;
export const RTA_CACHEINFO = 12;
export const RTA_SESSION = 13;
export const RTA_MP_ALGO = 14;
export const RTA_TABLE = 15;
export const RTA_MARK = 16;
export const RTA_MFC_STATS = 17;
export const RTA_VIA = 18;
export const RTA_NEWDST = 19;
export const RTA_PREF = 20;
export const RTA_ENCAP_TYPE = 21;
export const RTA_ENCAP = 22;
export const RTA_EXPIRES = 23;
export const RTA_PAD = 24;
export const RTA_UID = 25;
export const RTA_TTL_PROPAGATE = 26;
export const RTA_IP_PROTO = 27;
export const RTA_SPORT = 28;
export const RTA_DPORT = 29;
export const RTA_NH_ID = 30;

/** rtnh_flags (also the low byte of rtm_flags). */
export const RTNH_F_DEAD = 1;
export const RTNH_F_PERVASIVE = 2;
export const RTNH_F_ONLINK = 4;
export const RTNH_F_OFFLOAD = 8;
export const RTNH_F_LINKDOWN = 16;
export const RTNH_F_UNRESOLVED = 32;
export const RTNH_F_TRAP = 64;

/** Metrics, the attributes nested in RTA_METRICS. */
export const RTAX_UNSPEC = 0;
export const RTAX_LOCK = 1;
export const RTAX_MTU = 2;
export const RTAX_WINDOW = 3;
export const RTAX_RTT = 4;
export const RTAX_RTTVAR = 5;
export const RTAX_SSTHRESH = 6;
export const RTAX_CWND = 7;
export const RTAX_ADVMSS = 8;
export const RTAX_REORDERING = 9;
export const RTAX_HOPLIMIT = 10;
export const RTAX_INITCWND = 11;
export const RTAX_FEATURES = 12;
export const RTAX_RTO_MIN = 13;
export const RTAX_INITRWND = 14;
export const RTAX_QUICKACK = 15;
export const RTAX_CC_ALGO = 16;
export const RTAX_FASTOPEN_NO_COOKIE = 17;

/** RTAX_FEATURES bits. */
export const RTAX_FEATURE_ECN = 1 << 0;
export const RTAX_FEATURE_SACK = 1 << 1;
export const RTAX_FEATURE_TIMESTAMP = 1 << 2;
export const RTAX_FEATURE_ALLFRAG = 1 << 3;

/** RTA_PREF values: IPv6 router preference (linux/icmpv6.h ICMPV6_ROUTER_PREF_*). */
export const ICMPV6_ROUTER_PREF_MEDIUM = 0x0;
export const ICMPV6_ROUTER_PREF_HIGH = 0x1;
export const ICMPV6_ROUTER_PREF_INVALID = 0x2;
export const ICMPV6_ROUTER_PREF_LOW = 0x3;

/** The message types live with the other RTM_* numbers in constants.ts. */
export { RTM_NEWROUTE, RTM_DELROUTE, RTM_GETROUTE } from "./constants.ts";
