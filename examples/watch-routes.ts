/**
 * Watch the routing tables: print every route added or removed, and what changed after the kernel
 * dropped events (a resync), until Ctrl-C.
 *
 *   bun examples/watch-routes.ts [NETNS]
 *   # elsewhere: ip route add 198.51.100.0/24 via 192.0.2.1
 */
import { watch } from "../src/rtnetlink/index.ts";

const netns = process.argv[2];
const stop = new AbortController();
process.on("SIGINT", () => stop.abort());

try {
  for await (const item of watch({ kinds: ["route"], signal: stop.signal, ...(netns === undefined ? {} : { netns }) })) {
    if (item.type === "snapshot") console.log(`${item.state.routes.size} routes; watching…`);
    if (item.type === "change" && item.event.kind === "route") {
      const r = item.event.route;
      console.log(`${item.event.action === "new" ? "+" : "-"} ${r.destination} table ${r.table}${r.gateway ? ` via ${r.gateway}` : ""}`);
    }
    if (item.type === "resync") console.log(`resynced (${item.reason}): ${item.changes.length} changes`);
  }
} catch (err) {
  if (!stop.signal.aborted) throw err;
}
