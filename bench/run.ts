/**
 * `bun run bench [run.sh options]`: the netlink peer benchmark (raw C, libmnl, libnl, Go, Python,
 * Node, iproute2) with bun-netlink as one more column, tables printed at the end.
 *
 *   bun run bench                                     # every peer and ours (~9 min on 2 CPUs)
 *   bun run bench --quick --impls c-raw,bun-netlink   # ours against raw C, 3 runs per cell
 *   bun run bench --impls c-raw,bun-netlink --workloads W1,W4
 *
 * The harness lives outside this repository: NLBENCH_DIR (default /work/shared/bench-peers), built
 * once with its `./build.sh --deps`. It needs root (it creates network namespaces). Our column is
 * registered by bench/peers.conf, which this script names in NLBENCH_EXTRA_CONF.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const harness = process.env.NLBENCH_DIR ?? "/work/shared/bench-peers";
const runner = `${harness}/run.sh`;
if (!existsSync(runner)) {
  console.error(`bench: no peer harness at ${harness} (set NLBENCH_DIR to its folder; see bench/README.md)`);
  process.exit(2);
}
const conf = fileURLToPath(new URL("./peers.conf", import.meta.url));
const extra = process.env.NLBENCH_EXTRA_CONF;
const proc = Bun.spawn([runner, ...process.argv.slice(2)], {
  env: { ...process.env, NLBENCH_EXTRA_CONF: extra ? `${extra}:${conf}` : conf },
  stdio: ["inherit", "inherit", "inherit"],
});
process.exit(await proc.exited);
