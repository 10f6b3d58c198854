/**
 * Kernel constants the CLI's formatting needs, with their uapi names (linux/if.h, if_arp.h,
 * rtnetlink.h, neighbour.h), and the names iproute2 prints for them.
 */
// The kernel numbers come from the library; this file keeps only the CLI's own tables.
import { IFF_UP, IFF_BROADCAST, IFF_DEBUG, IFF_LOOPBACK, IFF_POINTOPOINT, IFF_NOTRAILERS, IFF_RUNNING, IFF_NOARP, IFF_PROMISC, IFF_ALLMULTI, IFF_MASTER, IFF_SLAVE, IFF_MULTICAST, IFF_PORTSEL, IFF_AUTOMEDIA, IFF_DYNAMIC, IFF_LOWER_UP, IFF_DORMANT, IFF_ECHO } from "../rtnetlink/constants.ts";
import { RTNH_F_DEAD, RTNH_F_PERVASIVE, RTNH_F_ONLINK, RTNH_F_OFFLOAD, RTNH_F_LINKDOWN, RTNH_F_UNRESOLVED, RTNH_F_TRAP, RTM_F_NOTIFY, RTM_F_CLONED, RTM_F_OFFLOAD, RTM_F_TRAP, RTM_F_OFFLOAD_FAILED, RT_TABLE_DEFAULT, RT_TABLE_MAIN, RT_TABLE_LOCAL } from "../rtnetlink/route-constants.ts";
import { NTF_PROXY, NTF_EXT_LEARNED, NTF_OFFLOADED, NTF_ROUTER } from "../rtnetlink/neighbour-constants.ts";
export { IFF_UP, IFF_BROADCAST, IFF_DEBUG, IFF_LOOPBACK, IFF_POINTOPOINT, IFF_NOTRAILERS, IFF_RUNNING, IFF_NOARP, IFF_PROMISC, IFF_ALLMULTI, IFF_MASTER, IFF_SLAVE, IFF_MULTICAST, IFF_PORTSEL, IFF_AUTOMEDIA, IFF_DYNAMIC, IFF_LOWER_UP, IFF_DORMANT, IFF_ECHO, RTNH_F_DEAD, RTNH_F_PERVASIVE, RTNH_F_ONLINK, RTNH_F_OFFLOAD, RTNH_F_LINKDOWN, RTNH_F_UNRESOLVED, RTNH_F_TRAP, RTM_F_NOTIFY, RTM_F_CLONED, RTM_F_OFFLOAD, RTM_F_TRAP, RTM_F_OFFLOAD_FAILED, RT_TABLE_DEFAULT, RT_TABLE_MAIN, RT_TABLE_LOCAL, NTF_PROXY, NTF_EXT_LEARNED, NTF_OFFLOADED, NTF_ROUTER };

// linux/if.h: enum net_device_flags

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

/** Table names `ip` knows without a configuration file. */
export const TABLE_NAMES: ReadonlyMap<number, string> = new Map([
  [RT_TABLE_DEFAULT, "default"],
  [RT_TABLE_MAIN, "main"],
  [RT_TABLE_LOCAL, "local"],
]);

// linux/neighbour.h: ndm_flags and ndm_state

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
