/**
 * Kernel constants the CLI's formatting needs, with their uapi names (linux/if.h, if_arp.h,
 * rtnetlink.h, neighbour.h), and the names iproute2 prints for them.
 */

// linux/if.h: enum net_device_flags
export const IFF_UP = 1 << 0;
export const IFF_BROADCAST = 1 << 1;
export const IFF_DEBUG = 1 << 2;
export const IFF_LOOPBACK = 1 << 3;
export const IFF_POINTOPOINT = 1 << 4;
export const IFF_NOTRAILERS = 1 << 5;
export const IFF_RUNNING = 1 << 6;
export const IFF_NOARP = 1 << 7;
export const IFF_PROMISC = 1 << 8;
export const IFF_ALLMULTI = 1 << 9;
export const IFF_MASTER = 1 << 10;
export const IFF_SLAVE = 1 << 11;
export const IFF_MULTICAST = 1 << 12;
export const IFF_PORTSEL = 1 << 13;
export const IFF_AUTOMEDIA = 1 << 14;
export const IFF_DYNAMIC = 1 << 15;
export const IFF_LOWER_UP = 1 << 16;
export const IFF_DORMANT = 1 << 17;
export const IFF_ECHO = 1 << 18;

/** The IFF_* flags in the order `ip link` prints them (iproute2 print_link_flags). */
export const LINK_FLAG_ORDER: readonly (readonly [number, string])[] = [
  [IFF_LOOPBACK, "LOOPBACK"],
  [IFF_BROADCAST, "BROADCAST"],
  [IFF_POINTOPOINT, "POINTOPOINT"],
  [IFF_MULTICAST, "MULTICAST"],
  [IFF_NOARP, "NOARP"],
  [IFF_ALLMULTI, "ALLMULTI"],
  [IFF_PROMISC, "PROMISC"],
  [IFF_MASTER, "MASTER"],
  [IFF_SLAVE, "SLAVE"],
  [IFF_DEBUG, "DEBUG"],
  [IFF_DYNAMIC, "DYNAMIC"],
  [IFF_AUTOMEDIA, "AUTOMEDIA"],
  [IFF_PORTSEL, "PORTSEL"],
  [IFF_NOTRAILERS, "NOTRAILERS"],
  [IFF_UP, "UP"],
  [IFF_LOWER_UP, "LOWER_UP"],
  [IFF_DORMANT, "DORMANT"],
  [IFF_ECHO, "ECHO"],
];

// linux/rtnetlink.h: rtnh_flags and rtm_flags
export const RTNH_F_DEAD = 1;
export const RTNH_F_PERVASIVE = 2;
export const RTNH_F_ONLINK = 4;
export const RTNH_F_OFFLOAD = 8;
export const RTNH_F_LINKDOWN = 16;
export const RTNH_F_UNRESOLVED = 32;
export const RTNH_F_TRAP = 64;
export const RTM_F_NOTIFY = 0x100;
export const RTM_F_CLONED = 0x200;
export const RTM_F_OFFLOAD = 0x4000;
export const RTM_F_TRAP = 0x8000;
export const RTM_F_OFFLOAD_FAILED = 0x20000000;

/** Route flags in the order `ip route` prints them (iproute2 print_rt_flags). */
export const ROUTE_FLAG_ORDER: readonly (readonly [number, string])[] = [
  [RTNH_F_DEAD, "dead"],
  [RTNH_F_ONLINK, "onlink"],
  [RTNH_F_PERVASIVE, "pervasive"],
  [RTNH_F_OFFLOAD, "offload"],
  [RTNH_F_TRAP, "trap"],
  [RTM_F_NOTIFY, "notify"],
  [RTNH_F_LINKDOWN, "linkdown"],
  [RTNH_F_UNRESOLVED, "unresolved"],
  [RTM_F_OFFLOAD, "rt_offload"],
  [RTM_F_TRAP, "rt_trap"],
  [RTM_F_OFFLOAD_FAILED, "rt_offload_failed"],
];

// linux/rtnetlink.h: reserved table ids, as /etc/iproute2/rt_tables names them
export const RT_TABLE_DEFAULT = 253;
export const RT_TABLE_MAIN = 254;
export const RT_TABLE_LOCAL = 255;

/** Table names `ip` knows without a configuration file. */
export const TABLE_NAMES: ReadonlyMap<number, string> = new Map([
  [RT_TABLE_DEFAULT, "default"],
  [RT_TABLE_MAIN, "main"],
  [RT_TABLE_LOCAL, "local"],
]);

// linux/neighbour.h: ndm_flags and ndm_state
export const NTF_PROXY = 1 << 3;
export const NTF_EXT_LEARNED = 1 << 4;
export const NTF_OFFLOADED = 1 << 5;
export const NTF_ROUTER = 1 << 7;

/** NUD_* states in the order `ip neigh` prints them. */
export const NUD_ORDER: readonly (readonly [number, string])[] = [
  [0x01, "INCOMPLETE"],
  [0x02, "REACHABLE"],
  [0x04, "STALE"],
  [0x08, "DELAY"],
  [0x10, "PROBE"],
  [0x20, "FAILED"],
  [0x40, "NOARP"],
  [0x80, "PERMANENT"],
];

/** linux/if_arp.h ARPHRD_* hardware types by the names `ip link` prints (iproute2 ll_types.c). */
export const ARPHRD_NAMES: ReadonlyMap<number, string> = new Map([
  [0, "netrom"],
  [1, "ether"],
  [2, "eether"],
  [3, "ax25"],
  [4, "pronet"],
  [5, "chaos"],
  [6, "ieee802"],
  [7, "arcnet"],
  [8, "atalk"],
  [15, "dlci"],
  [19, "atm"],
  [23, "metricom"],
  [24, "ieee1394"],
  [32, "infiniband"],
  [256, "slip"],
  [257, "cslip"],
  [258, "slip6"],
  [259, "cslip6"],
  [260, "rsrvd"],
  [264, "adapt"],
  [270, "rose"],
  [271, "x25"],
  [272, "hwx25"],
  [280, "can"],
  [512, "ppp"],
  [513, "cisco"],
  [516, "lapb"],
  [517, "ddcmp"],
  [518, "rawhdlc"],
  [768, "ipip"],
  [769, "tunnel6"],
  [770, "frad"],
  [771, "skip"],
  [772, "loopback"],
  [773, "ltalk"],
  [774, "fddi"],
  [775, "bif"],
  [776, "sit"],
  [777, "ip/ddp"],
  [778, "gre"],
  [779, "pimreg"],
  [780, "hippi"],
  [781, "ash"],
  [782, "econet"],
  [783, "irda"],
  [800, "tr"],
  [801, "ieee802.11"],
  [802, "ieee802.11/prism"],
  [803, "ieee802.11/radiotap"],
  [804, "ieee802.15.4"],
  [805, "ieee802.15.4/monitor"],
  [820, "phonet"],
  [821, "phonet_pipe"],
  [822, "caif"],
  [823, "gre6"],
  [824, "netlink"],
  [825, "6lowpan"],
  [0xfffe, "none"],
  [0xffff, "void"],
]);
