/**
 * rtnetlink constants with their uapi names: message types and multicast groups for every
 * rtnetlink object, and the link and address attributes. Numbers are the kernel's ABI, taken from
 * linux/rtnetlink.h, if_link.h, if.h, if_addr.h, if_arp.h, if_ether.h, veth.h and if_vlan.h
 * (test/rtnetlink/link-constants.test.ts compares them with the installed headers).
 *
 * Routes and neighbours keep their own attribute constants in route-constants.ts and
 * neighbour-constants.ts; the RTM_* types and RTNLGRP_* groups of all objects live here.
 */

// rtnetlink message types (nlmsghdr.nlmsg_type), from linux/rtnetlink.h. The routes and neighbours modules use these too.
/** Create a link, or change one (also the type of link dump replies and link events). */
export const RTM_NEWLINK = 16;
/** Delete a link (also the type of link-removed events). */
export const RTM_DELLINK = 17;
/** Get one link, or dump all of them. */
export const RTM_GETLINK = 18;
/** Change an existing link (never creates). */
export const RTM_SETLINK = 19;
/** Add an address (also the type of address dump replies and events). */
export const RTM_NEWADDR = 20;
/** Delete an address. */
export const RTM_DELADDR = 21;
/** Dump addresses. */
export const RTM_GETADDR = 22;
/** Add a route (also dump replies and events). */
export const RTM_NEWROUTE = 24;
/** Delete a route. */
export const RTM_DELROUTE = 25;
/** Get a route for a destination, or dump routes. */
export const RTM_GETROUTE = 26;
/** Add a neighbour entry (also dump replies and events). */
export const RTM_NEWNEIGH = 28;
/** Delete a neighbour entry. */
export const RTM_DELNEIGH = 29;
/** Get or dump neighbour entries. */
export const RTM_GETNEIGH = 30;
/** Add a policy routing rule. */
export const RTM_NEWRULE = 32;
/** Delete a policy routing rule. */
export const RTM_DELRULE = 33;
/** Dump policy routing rules. */
export const RTM_GETRULE = 34;
/** Per-device IP configuration (events and dump replies). */
export const RTM_NEWNETCONF = 80;
/** Get or dump per-device IP configuration. */
export const RTM_GETNETCONF = 82;
/** Assign a namespace id (also dump replies and events). */
export const RTM_NEWNSID = 88;
/** Remove a namespace id. */
export const RTM_DELNSID = 89;
/** Get or dump namespace ids. */
export const RTM_GETNSID = 90;

// Multicast groups (enum rtnetlink_groups) to join for change events, from linux/rtnetlink.h.
/** RTNLGRP_NONE (Multicast groups). */
export const RTNLGRP_NONE = 0;
/** Link changes: RTM_NEWLINK / RTM_DELLINK. */
export const RTNLGRP_LINK = 1;
/** RTNLGRP_NOTIFY (Multicast groups). */
export const RTNLGRP_NOTIFY = 2;
/** Neighbour table changes. */
export const RTNLGRP_NEIGH = 3;
/** RTNLGRP_TC (Multicast groups). */
export const RTNLGRP_TC = 4;
/** IPv4 address changes. */
export const RTNLGRP_IPV4_IFADDR = 5;
/** RTNLGRP_IPV4_MROUTE (Multicast groups). */
export const RTNLGRP_IPV4_MROUTE = 6;
/** IPv4 route changes. */
export const RTNLGRP_IPV4_ROUTE = 7;
/** RTNLGRP_IPV4_RULE (Multicast groups). */
export const RTNLGRP_IPV4_RULE = 8;
/** IPv6 address changes. */
export const RTNLGRP_IPV6_IFADDR = 9;
/** RTNLGRP_IPV6_MROUTE (Multicast groups). */
export const RTNLGRP_IPV6_MROUTE = 10;
/** IPv6 route changes. */
export const RTNLGRP_IPV6_ROUTE = 11;
/** RTNLGRP_IPV6_IFINFO (Multicast groups). */
export const RTNLGRP_IPV6_IFINFO = 12;
/** RTNLGRP_DECnet_IFADDR (Multicast groups). */
export const RTNLGRP_DECnet_IFADDR = 13;
/** RTNLGRP_NOP2 (Multicast groups). */
export const RTNLGRP_NOP2 = 14;
/** RTNLGRP_DECnet_ROUTE (Multicast groups). */
export const RTNLGRP_DECnet_ROUTE = 15;
/** RTNLGRP_DECnet_RULE (Multicast groups). */
export const RTNLGRP_DECnet_RULE = 16;
/** RTNLGRP_NOP4 (Multicast groups). */
export const RTNLGRP_NOP4 = 17;
/** RTNLGRP_IPV6_PREFIX (Multicast groups). */
export const RTNLGRP_IPV6_PREFIX = 18;
/** RTNLGRP_IPV6_RULE (Multicast groups). */
export const RTNLGRP_IPV6_RULE = 19;
/** RTNLGRP_ND_USEROPT (Multicast groups). */
export const RTNLGRP_ND_USEROPT = 20;
/** RTNLGRP_PHONET_IFADDR (Multicast groups). */
export const RTNLGRP_PHONET_IFADDR = 21;
/** RTNLGRP_PHONET_ROUTE (Multicast groups). */
export const RTNLGRP_PHONET_ROUTE = 22;
/** RTNLGRP_DCB (Multicast groups). */
export const RTNLGRP_DCB = 23;
/** RTNLGRP_IPV4_NETCONF (Multicast groups). */
export const RTNLGRP_IPV4_NETCONF = 24;
/** RTNLGRP_IPV6_NETCONF (Multicast groups). */
export const RTNLGRP_IPV6_NETCONF = 25;
/** RTNLGRP_MDB (Multicast groups). */
export const RTNLGRP_MDB = 26;
/** RTNLGRP_MPLS_ROUTE (Multicast groups). */
export const RTNLGRP_MPLS_ROUTE = 27;
/** RTNLGRP_NSID (Multicast groups). */
export const RTNLGRP_NSID = 28;
/** RTNLGRP_MPLS_NETCONF (Multicast groups). */
export const RTNLGRP_MPLS_NETCONF = 29;
/** RTNLGRP_IPV4_MROUTE_R (Multicast groups). */
export const RTNLGRP_IPV4_MROUTE_R = 30;
/** RTNLGRP_IPV6_MROUTE_R (Multicast groups). */
export const RTNLGRP_IPV6_MROUTE_R = 31;
/** RTNLGRP_NEXTHOP (Multicast groups). */
export const RTNLGRP_NEXTHOP = 32;
/** RTNLGRP_BRVLAN (Multicast groups). */
export const RTNLGRP_BRVLAN = 33;
/** RTNLGRP_MCTP_IFADDR (Multicast groups). */
export const RTNLGRP_MCTP_IFADDR = 34;
/** RTNLGRP_TUNNEL (Multicast groups). */
export const RTNLGRP_TUNNEL = 35;
/** RTNLGRP_STATS (Multicast groups). */
export const RTNLGRP_STATS = 36;

// Link attributes (IFLA_*), from linux/if_link.h. The payload type follows each name.
/** IFLA_UNSPEC (Link attributes). */
export const IFLA_UNSPEC = 0;
/** binary: link-layer address. */
export const IFLA_ADDRESS = 1;
/** binary: link-layer broadcast address. */
export const IFLA_BROADCAST = 2;
/** string: interface name (at most 15 bytes). */
export const IFLA_IFNAME = 3;
/** u32 */
export const IFLA_MTU = 4;
/** s32: index of the lower device (veth peer, vlan/macvlan parent). */
export const IFLA_LINK = 5;
/** string: root qdisc kind. */
export const IFLA_QDISC = 6;
/** struct rtnl_link_stats: 32-bit counters (superseded by IFLA_STATS64). */
export const IFLA_STATS = 7;
/** IFLA_COST (Link attributes). */
export const IFLA_COST = 8;
/** IFLA_PRIORITY (Link attributes). */
export const IFLA_PRIORITY = 9;
/** u32: index of the master (bridge, bond, VRF); 0 to release. */
export const IFLA_MASTER = 10;
/** IFLA_WIRELESS (Link attributes). */
export const IFLA_WIRELESS = 11;
/** nested: per-family protocol information. */
export const IFLA_PROTINFO = 12;
/** u32: transmit queue length. */
export const IFLA_TXQLEN = 13;
/** struct rtnl_link_ifmap. */
export const IFLA_MAP = 14;
/** IFLA_WEIGHT (Link attributes). */
export const IFLA_WEIGHT = 15;
/** u8: IF_OPER_*. */
export const IFLA_OPERSTATE = 16;
/** u8: IF_LINK_MODE_*. */
export const IFLA_LINKMODE = 17;
/** nested IFLA_INFO_*: kind and kind-specific data. */
export const IFLA_LINKINFO = 18;
/** u32: move to the network namespace of this process. */
export const IFLA_NET_NS_PID = 19;
/** string: alias (description). */
export const IFLA_IFALIAS = 20;
/** IFLA_NUM_VF (Link attributes). */
export const IFLA_NUM_VF = 21;
/** IFLA_VFINFO_LIST (Link attributes). */
export const IFLA_VFINFO_LIST = 22;
/** struct rtnl_link_stats64: 64-bit counters. */
export const IFLA_STATS64 = 23;
/** IFLA_VF_PORTS (Link attributes). */
export const IFLA_VF_PORTS = 24;
/** IFLA_PORT_SELF (Link attributes). */
export const IFLA_PORT_SELF = 25;
/** nested: per-address-family data (IPv4/IPv6 configuration). */
export const IFLA_AF_SPEC = 26;
/** u32: device group. */
export const IFLA_GROUP = 27;
/** u32: move to the network namespace behind this descriptor. */
export const IFLA_NET_NS_FD = 28;
/** u32: RTEXT_FILTER_* in requests. */
export const IFLA_EXT_MASK = 29;
/** u32: promiscuity count. */
export const IFLA_PROMISCUITY = 30;
/** u32 */
export const IFLA_NUM_TX_QUEUES = 31;
/** u32 */
export const IFLA_NUM_RX_QUEUES = 32;
/** u8 */
export const IFLA_CARRIER = 33;
/** binary */
export const IFLA_PHYS_PORT_ID = 34;
/** u32 */
export const IFLA_CARRIER_CHANGES = 35;
/** binary */
export const IFLA_PHYS_SWITCH_ID = 36;
/** s32: namespace id (as seen from here) of the namespace IFLA_LINK lives in. */
export const IFLA_LINK_NETNSID = 37;
/** string */
export const IFLA_PHYS_PORT_NAME = 38;
/** u8 */
export const IFLA_PROTO_DOWN = 39;
/** u32 */
export const IFLA_GSO_MAX_SEGS = 40;
/** u32 */
export const IFLA_GSO_MAX_SIZE = 41;
/** IFLA_PAD (Link attributes). */
export const IFLA_PAD = 42;
/** nested IFLA_XDP_*. */
export const IFLA_XDP = 43;
/** u32: IFLA_EVENT_* (in notifications). */
export const IFLA_EVENT = 44;
/** s32 (in RTM_DELLINK when a link moved away). */
export const IFLA_NEW_NETNSID = 45;
/** IFLA_IF_NETNSID (Link attributes). */
export const IFLA_IF_NETNSID = 46;
/** s32: act in the namespace with this id. */
export const IFLA_TARGET_NETNSID = 46;
/** u32 */
export const IFLA_CARRIER_UP_COUNT = 47;
/** u32 */
export const IFLA_CARRIER_DOWN_COUNT = 48;
/** s32: index in the new namespace (in RTM_DELLINK when a link moved away). */
export const IFLA_NEW_IFINDEX = 49;
/** u32 */
export const IFLA_MIN_MTU = 50;
/** u32 */
export const IFLA_MAX_MTU = 51;
/** nested: IFLA_ALT_IFNAME entries. */
export const IFLA_PROP_LIST = 52;
/** string: alternative name (up to 127 bytes). */
export const IFLA_ALT_IFNAME = 53;
/** binary: permanent hardware address. */
export const IFLA_PERM_ADDRESS = 54;
/** nested */
export const IFLA_PROTO_DOWN_REASON = 55;
/** string: parent device (sysfs) name. */
export const IFLA_PARENT_DEV_NAME = 56;
/** string: parent device bus name. */
export const IFLA_PARENT_DEV_BUS_NAME = 57;
/** u32 */
export const IFLA_GRO_MAX_SIZE = 58;
/** u32 */
export const IFLA_TSO_MAX_SIZE = 59;
/** u32 */
export const IFLA_TSO_MAX_SEGS = 60;
/** u32: allmulti count. */
export const IFLA_ALLMULTI = 61;

// IFLA_LINKINFO children (IFLA_INFO_*).
/** IFLA_INFO_UNSPEC (IFLA_LINKINFO children). */
export const IFLA_INFO_UNSPEC = 0;
/** string: "veth", "bridge", "vxlan"… */
export const IFLA_INFO_KIND = 1;
/** nested: kind-specific attributes. */
export const IFLA_INFO_DATA = 2;
/** binary: kind-specific statistics. */
export const IFLA_INFO_XSTATS = 3;
/** string: the master's kind ("bridge" for a bridge port). */
export const IFLA_INFO_SLAVE_KIND = 4;
/** nested: master-specific port attributes. */
export const IFLA_INFO_SLAVE_DATA = 5;

// veth IFLA_INFO_DATA (linux/veth.h).
/** VETH_INFO_UNSPEC (veth IFLA_INFO_DATA). */
export const VETH_INFO_UNSPEC = 0;
/** ifinfomsg + IFLA_* attributes of the peer, on creation. */
export const VETH_INFO_PEER = 1;

// vlan IFLA_INFO_DATA (IFLA_VLAN_*).
/** IFLA_VLAN_UNSPEC (vlan IFLA_INFO_DATA). */
export const IFLA_VLAN_UNSPEC = 0;
/** u16: VLAN id 1..4094. */
export const IFLA_VLAN_ID = 1;
/** struct ifla_vlan_flags {flags, mask}. */
export const IFLA_VLAN_FLAGS = 2;
/** nested IFLA_VLAN_QOS_MAPPING. */
export const IFLA_VLAN_EGRESS_QOS = 3;
/** nested IFLA_VLAN_QOS_MAPPING. */
export const IFLA_VLAN_INGRESS_QOS = 4;
/** be16: ETH_P_8021Q (0x8100) or ETH_P_8021AD (0x88a8). */
export const IFLA_VLAN_PROTOCOL = 5;
/** IFLA_VLAN_QOS_UNSPEC (vlan IFLA_INFO_DATA). */
export const IFLA_VLAN_QOS_UNSPEC = 0;
/** struct ifla_vlan_qos_mapping {from, to}. */
export const IFLA_VLAN_QOS_MAPPING = 1;

// VLAN protocols (IFLA_VLAN_PROTOCOL, IFLA_BR_VLAN_PROTOCOL), from linux/if_ether.h.
/** 802.1Q (ip prints "802.1Q"). */
export const ETH_P_8021Q = 0x8100;
/** 802.1ad, QinQ service VLAN (ip prints "802.1ad"). */
export const ETH_P_8021AD = 0x88a8;

// vlan flags (enum vlan_flags, linux/if_vlan.h).
/** VLAN_FLAG_REORDER_HDR (vlan flags). */
export const VLAN_FLAG_REORDER_HDR = 1;
/** VLAN_FLAG_GVRP (vlan flags). */
export const VLAN_FLAG_GVRP = 0x2;
/** VLAN_FLAG_LOOSE_BINDING (vlan flags). */
export const VLAN_FLAG_LOOSE_BINDING = 0x4;
/** VLAN_FLAG_MVRP (vlan flags). */
export const VLAN_FLAG_MVRP = 0x8;
/** VLAN_FLAG_BRIDGE_BINDING (vlan flags). */
export const VLAN_FLAG_BRIDGE_BINDING = 0x10;

// macvlan / macvtap IFLA_INFO_DATA (IFLA_MACVLAN_*).
/** IFLA_MACVLAN_UNSPEC (macvlan / macvtap IFLA_INFO_DATA). */
export const IFLA_MACVLAN_UNSPEC = 0;
/** u32: MACVLAN_MODE_*. */
export const IFLA_MACVLAN_MODE = 1;
/** u16: MACVLAN_FLAG_*. */
export const IFLA_MACVLAN_FLAGS = 2;
/** u32 */
export const IFLA_MACVLAN_MACADDR_MODE = 3;
/** IFLA_MACVLAN_MACADDR (macvlan / macvtap IFLA_INFO_DATA). */
export const IFLA_MACVLAN_MACADDR = 4;
/** IFLA_MACVLAN_MACADDR_DATA (macvlan / macvtap IFLA_INFO_DATA). */
export const IFLA_MACVLAN_MACADDR_DATA = 5;
/** u32 */
export const IFLA_MACVLAN_MACADDR_COUNT = 6;
/** u32 */
export const IFLA_MACVLAN_BC_QUEUE_LEN = 7;
/** u32 */
export const IFLA_MACVLAN_BC_QUEUE_LEN_USED = 8;

// macvlan modes (enum macvlan_mode).
/** MACVLAN_MODE_PRIVATE (macvlan modes). */
export const MACVLAN_MODE_PRIVATE = 1;
/** MACVLAN_MODE_VEPA (macvlan modes). */
export const MACVLAN_MODE_VEPA = 0x2;
/** MACVLAN_MODE_BRIDGE (macvlan modes). */
export const MACVLAN_MODE_BRIDGE = 0x4;
/** MACVLAN_MODE_PASSTHRU (macvlan modes). */
export const MACVLAN_MODE_PASSTHRU = 0x8;
/** MACVLAN_MODE_SOURCE (macvlan modes). */
export const MACVLAN_MODE_SOURCE = 0x10;

// macvlan flags.
/** MACVLAN_FLAG_NOPROMISC (macvlan flags). */
export const MACVLAN_FLAG_NOPROMISC = 1;
/** MACVLAN_FLAG_NODST (macvlan flags). */
export const MACVLAN_FLAG_NODST = 0x2;

// vxlan IFLA_INFO_DATA (IFLA_VXLAN_*).
/** IFLA_VXLAN_UNSPEC (vxlan IFLA_INFO_DATA). */
export const IFLA_VXLAN_UNSPEC = 0;
/** u32: VNI. */
export const IFLA_VXLAN_ID = 1;
/** in_addr: IPv4 multicast group or unicast remote. */
export const IFLA_VXLAN_GROUP = 2;
/** u32: index of the underlying device. */
export const IFLA_VXLAN_LINK = 3;
/** in_addr: IPv4 source address. */
export const IFLA_VXLAN_LOCAL = 4;
/** u8 */
export const IFLA_VXLAN_TTL = 5;
/** u8 */
export const IFLA_VXLAN_TOS = 6;
/** u8 */
export const IFLA_VXLAN_LEARNING = 7;
/** u32: seconds. */
export const IFLA_VXLAN_AGEING = 8;
/** u32: maximum FDB entries. */
export const IFLA_VXLAN_LIMIT = 9;
/** struct ifla_vxlan_port_range {be16 low, high}: source ports. */
export const IFLA_VXLAN_PORT_RANGE = 10;
/** u8 */
export const IFLA_VXLAN_PROXY = 11;
/** u8 */
export const IFLA_VXLAN_RSC = 12;
/** u8 */
export const IFLA_VXLAN_L2MISS = 13;
/** u8 */
export const IFLA_VXLAN_L3MISS = 14;
/** be16: destination UDP port. */
export const IFLA_VXLAN_PORT = 15;
/** in6_addr: IPv6 multicast group or unicast remote. */
export const IFLA_VXLAN_GROUP6 = 16;
/** in6_addr: IPv6 source address. */
export const IFLA_VXLAN_LOCAL6 = 17;
/** u8 */
export const IFLA_VXLAN_UDP_CSUM = 18;
/** u8 */
export const IFLA_VXLAN_UDP_ZERO_CSUM6_TX = 19;
/** u8 */
export const IFLA_VXLAN_UDP_ZERO_CSUM6_RX = 20;
/** u8 */
export const IFLA_VXLAN_REMCSUM_TX = 21;
/** u8 */
export const IFLA_VXLAN_REMCSUM_RX = 22;
/** flag */
export const IFLA_VXLAN_GBP = 23;
/** flag */
export const IFLA_VXLAN_REMCSUM_NOPARTIAL = 24;
/** u8 */
export const IFLA_VXLAN_COLLECT_METADATA = 25;
/** be32: IPv6 flow label. */
export const IFLA_VXLAN_LABEL = 26;
/** flag */
export const IFLA_VXLAN_GPE = 27;
/** flag */
export const IFLA_VXLAN_TTL_INHERIT = 28;
/** u8: VXLAN_DF_*. */
export const IFLA_VXLAN_DF = 29;
/** u8 */
export const IFLA_VXLAN_VNIFILTER = 30;

// vxlan DF modes (enum ifla_vxlan_df).
/** VXLAN_DF_UNSET (vxlan DF modes). */
export const VXLAN_DF_UNSET = 0;
/** VXLAN_DF_SET (vxlan DF modes). */
export const VXLAN_DF_SET = 1;
/** VXLAN_DF_INHERIT (vxlan DF modes). */
export const VXLAN_DF_INHERIT = 2;

// bridge IFLA_INFO_DATA (IFLA_BR_*). Times are in hundredths of a second (clock_t).
/** IFLA_BR_UNSPEC (bridge IFLA_INFO_DATA). */
export const IFLA_BR_UNSPEC = 0;
/** u32: hundredths of a second. */
export const IFLA_BR_FORWARD_DELAY = 1;
/** u32: hundredths of a second. */
export const IFLA_BR_HELLO_TIME = 2;
/** u32: hundredths of a second. */
export const IFLA_BR_MAX_AGE = 3;
/** u32: hundredths of a second. */
export const IFLA_BR_AGEING_TIME = 4;
/** u32: 0 off, 1 kernel STP, 2 user-space STP. */
export const IFLA_BR_STP_STATE = 5;
/** u16 */
export const IFLA_BR_PRIORITY = 6;
/** u8 */
export const IFLA_BR_VLAN_FILTERING = 7;
/** be16 */
export const IFLA_BR_VLAN_PROTOCOL = 8;
/** u16 */
export const IFLA_BR_GROUP_FWD_MASK = 9;
/** struct ifla_bridge_id. */
export const IFLA_BR_ROOT_ID = 10;
/** struct ifla_bridge_id. */
export const IFLA_BR_BRIDGE_ID = 11;
/** u16 */
export const IFLA_BR_ROOT_PORT = 12;
/** u32 */
export const IFLA_BR_ROOT_PATH_COST = 13;
/** u8 */
export const IFLA_BR_TOPOLOGY_CHANGE = 14;
/** u8 */
export const IFLA_BR_TOPOLOGY_CHANGE_DETECTED = 15;
/** u64 */
export const IFLA_BR_HELLO_TIMER = 16;
/** u64 */
export const IFLA_BR_TCN_TIMER = 17;
/** u64 */
export const IFLA_BR_TOPOLOGY_CHANGE_TIMER = 18;
/** u64 */
export const IFLA_BR_GC_TIMER = 19;
/** binary: 6-byte group MAC. */
export const IFLA_BR_GROUP_ADDR = 20;
/** flag */
export const IFLA_BR_FDB_FLUSH = 21;
/** u8 */
export const IFLA_BR_MCAST_ROUTER = 22;
/** u8 */
export const IFLA_BR_MCAST_SNOOPING = 23;
/** u8 */
export const IFLA_BR_MCAST_QUERY_USE_IFADDR = 24;
/** u8 */
export const IFLA_BR_MCAST_QUERIER = 25;
/** u32 */
export const IFLA_BR_MCAST_HASH_ELASTICITY = 26;
/** u32 */
export const IFLA_BR_MCAST_HASH_MAX = 27;
/** u32 */
export const IFLA_BR_MCAST_LAST_MEMBER_CNT = 28;
/** u32 */
export const IFLA_BR_MCAST_STARTUP_QUERY_CNT = 29;
/** u64 */
export const IFLA_BR_MCAST_LAST_MEMBER_INTVL = 30;
/** u64 */
export const IFLA_BR_MCAST_MEMBERSHIP_INTVL = 31;
/** u64 */
export const IFLA_BR_MCAST_QUERIER_INTVL = 32;
/** u64 */
export const IFLA_BR_MCAST_QUERY_INTVL = 33;
/** u64 */
export const IFLA_BR_MCAST_QUERY_RESPONSE_INTVL = 34;
/** u64 */
export const IFLA_BR_MCAST_STARTUP_QUERY_INTVL = 35;
/** u8 */
export const IFLA_BR_NF_CALL_IPTABLES = 36;
/** u8 */
export const IFLA_BR_NF_CALL_IP6TABLES = 37;
/** u8 */
export const IFLA_BR_NF_CALL_ARPTABLES = 38;
/** u16 */
export const IFLA_BR_VLAN_DEFAULT_PVID = 39;
/** IFLA_BR_PAD (bridge IFLA_INFO_DATA). */
export const IFLA_BR_PAD = 40;
/** u8 */
export const IFLA_BR_VLAN_STATS_ENABLED = 41;
/** u8 */
export const IFLA_BR_MCAST_STATS_ENABLED = 42;
/** u8 */
export const IFLA_BR_MCAST_IGMP_VERSION = 43;
/** u8 */
export const IFLA_BR_MCAST_MLD_VERSION = 44;
/** u8 */
export const IFLA_BR_VLAN_STATS_PER_PORT = 45;
/** struct br_boolopt_multi. */
export const IFLA_BR_MULTI_BOOLOPT = 46;
/** nested */
export const IFLA_BR_MCAST_QUERIER_STATE = 47;

// Device flags (enum net_device_flags, ifinfomsg.ifi_flags), from linux/if.h.
/** Administratively up. */
export const IFF_UP = 1;
/** IFF_BROADCAST (Device flags). */
export const IFF_BROADCAST = 0x2;
/** IFF_DEBUG (Device flags). */
export const IFF_DEBUG = 0x4;
/** IFF_LOOPBACK (Device flags). */
export const IFF_LOOPBACK = 0x8;
/** IFF_POINTOPOINT (Device flags). */
export const IFF_POINTOPOINT = 0x10;
/** IFF_NOTRAILERS (Device flags). */
export const IFF_NOTRAILERS = 0x20;
/** Operationally up (RFC 2863 OPER_UP). */
export const IFF_RUNNING = 0x40;
/** IFF_NOARP (Device flags). */
export const IFF_NOARP = 0x80;
/** IFF_PROMISC (Device flags). */
export const IFF_PROMISC = 0x100;
/** IFF_ALLMULTI (Device flags). */
export const IFF_ALLMULTI = 0x200;
/** IFF_MASTER (Device flags). */
export const IFF_MASTER = 0x400;
/** IFF_SLAVE (Device flags). */
export const IFF_SLAVE = 0x800;
/** IFF_MULTICAST (Device flags). */
export const IFF_MULTICAST = 0x1000;
/** IFF_PORTSEL (Device flags). */
export const IFF_PORTSEL = 0x2000;
/** IFF_AUTOMEDIA (Device flags). */
export const IFF_AUTOMEDIA = 0x4000;
/** IFF_DYNAMIC (Device flags). */
export const IFF_DYNAMIC = 0x8000;
/** The driver signals carrier (L1 up). */
export const IFF_LOWER_UP = 0x10000;
/** IFF_DORMANT (Device flags). */
export const IFF_DORMANT = 0x20000;
/** IFF_ECHO (Device flags). */
export const IFF_ECHO = 0x40000;

// Operational states (IFLA_OPERSTATE, RFC 2863), from linux/if.h.
/** IF_OPER_UNKNOWN (Operational states). */
export const IF_OPER_UNKNOWN = 0;
/** IF_OPER_NOTPRESENT (Operational states). */
export const IF_OPER_NOTPRESENT = 1;
/** IF_OPER_DOWN (Operational states). */
export const IF_OPER_DOWN = 2;
/** IF_OPER_LOWERLAYERDOWN (Operational states). */
export const IF_OPER_LOWERLAYERDOWN = 3;
/** IF_OPER_TESTING (Operational states). */
export const IF_OPER_TESTING = 4;
/** IF_OPER_DORMANT (Operational states). */
export const IF_OPER_DORMANT = 5;
/** IF_OPER_UP (Operational states). */
export const IF_OPER_UP = 6;

// Link modes (IFLA_LINKMODE), from linux/if.h.
/** IF_LINK_MODE_DEFAULT (Link modes). */
export const IF_LINK_MODE_DEFAULT = 0;
/** IF_LINK_MODE_DORMANT (Link modes). */
export const IF_LINK_MODE_DORMANT = 1;
/** IF_LINK_MODE_TESTING (Link modes). */
export const IF_LINK_MODE_TESTING = 2;

// IFLA_EXT_MASK bits (RTEXT_FILTER_*), from linux/rtnetlink.h.
/** RTEXT_FILTER_VF (IFLA_EXT_MASK bits). */
export const RTEXT_FILTER_VF = 1;
/** RTEXT_FILTER_BRVLAN (IFLA_EXT_MASK bits). */
export const RTEXT_FILTER_BRVLAN = 0x2;
/** RTEXT_FILTER_BRVLAN_COMPRESSED (IFLA_EXT_MASK bits). */
export const RTEXT_FILTER_BRVLAN_COMPRESSED = 0x4;
/** Leave IFLA_STATS and IFLA_STATS64 out of link replies. */
export const RTEXT_FILTER_SKIP_STATS = 0x8;
/** RTEXT_FILTER_MRP (IFLA_EXT_MASK bits). */
export const RTEXT_FILTER_MRP = 0x10;
/** RTEXT_FILTER_CFM_CONFIG (IFLA_EXT_MASK bits). */
export const RTEXT_FILTER_CFM_CONFIG = 0x20;
/** RTEXT_FILTER_CFM_STATUS (IFLA_EXT_MASK bits). */
export const RTEXT_FILTER_CFM_STATUS = 0x40;
/** RTEXT_FILTER_MST (IFLA_EXT_MASK bits). */
export const RTEXT_FILTER_MST = 0x80;

// Hardware types (ifinfomsg.ifi_type, ARPHRD_*), from linux/if_arp.h: the common ones.
/** ARPHRD_NETROM (Hardware types). */
export const ARPHRD_NETROM = 0;
/** ARPHRD_ETHER (Hardware types). */
export const ARPHRD_ETHER = 1;
/** ARPHRD_INFINIBAND (Hardware types). */
export const ARPHRD_INFINIBAND = 32;
/** ARPHRD_CAN (Hardware types). */
export const ARPHRD_CAN = 280;
/** ARPHRD_PPP (Hardware types). */
export const ARPHRD_PPP = 512;
/** ARPHRD_RAWIP (Hardware types). */
export const ARPHRD_RAWIP = 519;
/** ARPHRD_TUNNEL (Hardware types). */
export const ARPHRD_TUNNEL = 768;
/** ARPHRD_TUNNEL6 (Hardware types). */
export const ARPHRD_TUNNEL6 = 769;
/** ARPHRD_LOOPBACK (Hardware types). */
export const ARPHRD_LOOPBACK = 772;
/** ARPHRD_SIT (Hardware types). */
export const ARPHRD_SIT = 776;
/** ARPHRD_IPGRE (Hardware types). */
export const ARPHRD_IPGRE = 778;
/** ARPHRD_IEEE80211 (Hardware types). */
export const ARPHRD_IEEE80211 = 801;
/** ARPHRD_IEEE80211_RADIOTAP (Hardware types). */
export const ARPHRD_IEEE80211_RADIOTAP = 803;
/** ARPHRD_IP6GRE (Hardware types). */
export const ARPHRD_IP6GRE = 823;
/** ARPHRD_NONE (Hardware types). */
export const ARPHRD_NONE = 65534;
/** ARPHRD_VOID (Hardware types). */
export const ARPHRD_VOID = 65535;

// Address attributes (IFA_*), from linux/if_addr.h.
/** IFA_UNSPEC (Address attributes). */
export const IFA_UNSPEC = 0;
/** in_addr/in6_addr: the prefix address; for point-to-point links the peer. */
export const IFA_ADDRESS = 1;
/** in_addr/in6_addr: the local address. */
export const IFA_LOCAL = 2;
/** string: IPv4 label (at most 15 bytes). */
export const IFA_LABEL = 3;
/** in_addr: IPv4 broadcast address. */
export const IFA_BROADCAST = 4;
/** IFA_ANYCAST (Address attributes). */
export const IFA_ANYCAST = 5;
/** struct ifa_cacheinfo: lifetimes and timestamps. */
export const IFA_CACHEINFO = 6;
/** IFA_MULTICAST (Address attributes). */
export const IFA_MULTICAST = 7;
/** u32: IFA_F_*, supersedes the u8 ifa_flags. */
export const IFA_FLAGS = 8;
/** u32: metric of the prefix route. */
export const IFA_RT_PRIORITY = 9;
/** s32 */
export const IFA_TARGET_NETNSID = 10;
/** u8: IFAPROT_*, who added the address. */
export const IFA_PROTO = 11;

// Address flags (IFA_F_*), from linux/if_addr.h.
/** IPv4: a secondary address in its subnet. */
export const IFA_F_SECONDARY = 1;
/** IPv6: a temporary (privacy) address; same bit as IFA_F_SECONDARY. */
export const IFA_F_TEMPORARY = 1;
/** IPv6: skip duplicate address detection. */
export const IFA_F_NODAD = 0x2;
/** IFA_F_OPTIMISTIC (Address flags). */
export const IFA_F_OPTIMISTIC = 0x4;
/** IFA_F_DADFAILED (Address flags). */
export const IFA_F_DADFAILED = 0x8;
/** IFA_F_HOMEADDRESS (Address flags). */
export const IFA_F_HOMEADDRESS = 0x10;
/** IFA_F_DEPRECATED (Address flags). */
export const IFA_F_DEPRECATED = 0x20;
/** IFA_F_TENTATIVE (Address flags). */
export const IFA_F_TENTATIVE = 0x40;
/** Set on addresses added by hand (not from autoconfiguration). */
export const IFA_F_PERMANENT = 0x80;
/** IFA_F_MANAGETEMPADDR (Address flags). */
export const IFA_F_MANAGETEMPADDR = 0x100;
/** Do not add the prefix route. */
export const IFA_F_NOPREFIXROUTE = 0x200;
/** IFA_F_MCAUTOJOIN (Address flags). */
export const IFA_F_MCAUTOJOIN = 0x400;
/** IFA_F_STABLE_PRIVACY (Address flags). */
export const IFA_F_STABLE_PRIVACY = 0x800;

// Address protocols (IFA_PROTO), from linux/if_addr.h.
/** IFAPROT_UNSPEC (Address protocols). */
export const IFAPROT_UNSPEC = 0;
/** IFAPROT_KERNEL_LO (Address protocols). */
export const IFAPROT_KERNEL_LO = 1;
/** IFAPROT_KERNEL_RA (Address protocols). */
export const IFAPROT_KERNEL_RA = 2;
/** IFAPROT_KERNEL_LL (Address protocols). */
export const IFAPROT_KERNEL_LL = 3;

// Scopes (enum rt_scope_t: ifa_scope, rtm_scope), from linux/rtnetlink.h.
/** Global (ip prints "global"). */
export const RT_SCOPE_UNIVERSE = 0;
/** RT_SCOPE_SITE (Scopes). */
export const RT_SCOPE_SITE = 200;
/** RT_SCOPE_LINK (Scopes). */
export const RT_SCOPE_LINK = 253;
/** RT_SCOPE_HOST (Scopes). */
export const RT_SCOPE_HOST = 254;
/** RT_SCOPE_NOWHERE (Scopes). */
export const RT_SCOPE_NOWHERE = 255;
