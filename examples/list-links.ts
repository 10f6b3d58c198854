/**
 * List the links of this machine (or of a network namespace) with their addresses.
 *
 *   bun examples/list-links.ts            # this namespace
 *   bun examples/list-links.ts blue       # inside /run/netns/blue (needs root)
 */
import { dial, NETLINK_ROUTE } from "bun-netlink/netlink";
import { listAddresses } from "../src/rtnetlink/index.ts";
import { listLinks } from "../src/rtnetlink/index.ts";

const netns = process.argv[2];
await using conn = dial(NETLINK_ROUTE, netns === undefined ? {} : { netns });

const [links, addresses] = await Promise.all([listLinks(conn), listAddresses(conn)]);
for (const link of links) {
  const mine = addresses.filter((a) => a.index === link.index).map((a) => `${a.address}/${a.prefixLength}`);
  console.log(`${link.index}: ${link.name} ${link.operState} mtu ${link.mtu} ${link.address ?? ""} ${mine.join(" ")}`);
}
