/**
 * The single binary: `bun build --compile` (the package.json "build" script, with the output put
 * in a temporary directory) gives one executable, and its --json output in a test namespace
 * equals what the library itself returns, rendered with the same ip -j shapes.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dial, NETLINK_ROUTE } from "../../src/netlink/index.ts";
import { addressesJson, linkJson, linkNames, neighbourJson, routeJson } from "../../src/cli/ip-json.ts";
import { toJson } from "../../src/cli/output.ts";
import { listAddresses, listLinks, listNeighbours, listRoutes } from "../../src/rtnetlink/index.ts";
import pkg from "../../package.json" with { type: "json" };
import { ipBatch, kernelTest, withNetns } from "../helpers/netns.ts";
import { ROOT, runCli, runJson } from "./helpers.ts";

const PREFIX = "bnl-cli";
let dir = "";
let binary = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "bnl-cli-build-"));
  binary = join(dir, "bun-netlink");
  // The build script, with its --outfile redirected here so the test never touches dist/.
  const script = pkg.scripts.build.split(" ");
  const out = script.indexOf("--outfile");
  script[out + 1] = binary;
  const r = Bun.spawnSync([process.execPath, ...script.slice(1)], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`${script.join(" ")} failed: ${r.stderr.toString()}`);
}, 120_000);

afterAll(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

/** JSON the way the binary prints it, from in-process values. */
function normalise(v: unknown): unknown {
  return JSON.parse(toJson(v));
}

describe("bun build --compile", () => {
  test("the build script compiles src/cli.ts into one executable", async () => {
    expect(pkg.scripts.build).toBe("bun build --compile src/cli.ts --outfile dist/bun-netlink");
    expect(statSync(binary).mode & 0o111).not.toBe(0);
    const r = await runCli(["--version"], { exe: [binary] });
    expect(r).toEqual({ exitCode: 0, stdout: `bun-netlink ${pkg.version}\n`, stderr: "" });
    const usage = await runCli(["frob"], { exe: [binary] });
    expect(usage.exitCode).toBe(2);
  }, 60_000);

  kernelTest("its --json output equals the library's own result in a test namespace", async () => {
    await withNetns(async (ns) => {
      ipBatch(ns, [
        "link add c0 type veth peer name c1",
        "link add cbr type bridge",
        "link set c1 master cbr",
        "link set c0 up",
        "addr add 10.20.0.1/24 dev c0",
        "addr add 2001:db8:20::1/64 dev c0 nodad",
        "route add 10.21.0.0/16 via 10.20.0.2 metric 3",
        "route add 10.22.0.0/16 dev c0 table 77",
        "route add unreachable 10.23.0.0/16",
        "neigh add 10.20.0.5 lladdr 02:00:00:00:20:05 dev c0",
      ]);
      await using conn = dial(NETLINK_ROUTE, { netns: ns });
      const links = await listLinks(conn);
      const names = linkNames(links);
      const exe = { exe: [binary] };
      expect(await runJson(["--netns", ns, "link"], exe)).toEqual(normalise(links.map((l) => linkJson(l, names))));
      expect(await runJson(["--netns", ns, "addr"], exe)).toEqual(normalise(addressesJson(links, await listAddresses(conn))));
      expect(await runJson(["--netns", ns, "route"], exe)).toEqual(normalise((await listRoutes(conn)).map((r) => routeJson(r, names))));
      expect(await runJson(["--netns", ns, "route", "-6", "--table", "main"], exe)).toEqual(normalise((await listRoutes(conn, { family: 6, table: 254 })).map((r) => routeJson(r, names))));
      expect(await runJson(["--netns", ns, "neigh"], exe)).toEqual(normalise((await listNeighbours(conn)).map((n) => neighbourJson(n, names))));
      // And the same as the script it was built from.
      expect(await runJson(["--netns", ns, "route"], exe)).toEqual(await runJson(["--netns", ns, "route"]));
      // Changes work from the binary too.
      const add = await runCli(["--netns", ns, "addr", "add", "10.20.0.77/24", "dev", "c0"], exe);
      expect(add).toEqual({ exitCode: 0, stdout: "", stderr: "" });
      expect((await listAddresses(conn, { link: "c0", family: 4 })).map((a) => a.address)).toContain("10.20.0.77");
    }, PREFIX);
  }, 60_000);
});
