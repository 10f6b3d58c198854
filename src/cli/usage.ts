/**
 * The usage text of every command, apart from the commands themselves: main.ts loads a command's
 * module only when it runs (start-up), but `help` needs every text.
 */

/** Usage of the addr command. */
export const ADDR_USAGE = `addr [show] [dev DEV] [-4|-6]   list addresses
addr add|replace PREFIX dev DEV [peer ADDR] [broadcast ADDR|+] [label NAME] [scope SCOPE]
         [metric N] [nodad] [noprefixroute] [valid_lft SECS|forever] [preferred_lft SECS|forever]
addr del PREFIX dev DEV
addr flush dev DEV [-4|-6]`;

/** Usage of the exporter command. */
export const EXPORTER_USAGE = `exporter [--listen 127.0.0.1:9100]
                                Prometheus metrics (node_wifi_*, node_network_*) on /metrics,
                                loopback only; --dump prints one scrape and exits`;

/** Usage of the genl command. */
export const GENL_USAGE = `genl [families]                 list generic netlink families
genl family NAME                one family: operations, multicast groups and attribute policies`;

/** Usage of the link command. */
export const LINK_USAGE = `link [show] [DEV] [-s]          list links (with -s: traffic counters)
link add NAME type veth [peer NAME] | bridge | vlan link DEV id N | macvlan link DEV [mode M]
         | vxlan id N [remote ADDR | group ADDR] [local ADDR] [dev DEV] [dstport P]
         [mtu N] [address MAC] [master DEV] [up]
link set DEV [up|down] [mtu N] [name NEW] [address MAC] [master DEV|nomaster] [alias TEXT]
         [txqlen N] [netns NS] [promisc on|off] [arp on|off]
link del DEV`;

/** Usage of the monitor command. */
export const MONITOR_USAGE = `monitor [link] [addr] [route] [neigh] [--count N]
                                live changes (default: all four); --json prints one object a line`;

/** Usage of the neigh command. */
export const NEIGH_USAGE = `neigh [show] [dev DEV] [proxy] [-4|-6]   list ARP and NDP entries (every state)
neigh add|replace ADDR [lladdr MAC] dev DEV [nud STATE] [router] [proxy]
neigh del ADDR dev DEV [proxy]`;

/** Usage of the route command. */
export const ROUTE_USAGE = `route [show] [-4|-6] [--table ID|main|local|all] [dev DEV] [proto P] [type T]
                                every table, IPv4 and IPv6, unless filtered
route get ADDR [from ADDR] [oif DEV] [iif DEV] [mark N] [fibmatch]
route add|replace|append|del [TYPE] PREFIX|default [via ADDR] [dev DEV] [metric N] [table ID]
         [src ADDR] [proto P] [scope S] [onlink] [mtu N] [nexthop via ADDR dev DEV weight N]…
         TYPE: unicast local broadcast multicast blackhole unreachable prohibit throw`;

/** Usage of the wifi command. */
export const WIFI_USAGE = `wifi [dev]                      wireless interfaces
wifi phy [N]                    PHYs (with N: bands, channels, interface types)
wifi link [DEV]                 the access point a station interface is connected to
wifi station DEV                stations of an interface (the AP, or an AP's clients)
wifi scan DEV [--dump] [freq MHz]… [ssid NAME] [passive] [flush]
                                scan (needs CAP_NET_ADMIN); --dump lists cached results only
wifi survey DEV                 channel survey (noise, busy time)
wifi reg                        regulatory domains
wifi events [--count N]         nl80211 events until Ctrl-C`;
