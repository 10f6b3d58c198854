/**
 * The package's subpaths resolve as an application imports them, and the per-object rtnetlink
 * subpaths export the same functions as bun-netlink/rtnetlink (they exist to load less at start-up).
 */
import { expect, test } from "bun:test";
import pkg from "../package.json";

test("every subpath in package.json resolves to a file that loads", async () => {
  for (const [sub, file] of Object.entries(pkg.exports)) {
    const mod = await import(`bun-netlink${sub.slice(1)}`);
    expect(Object.keys(mod).length).toBeGreaterThan(0);
    expect(await Bun.file(new URL(`../${file}`, import.meta.url)).exists()).toBe(true);
  }
});

test("bun-netlink/rtnetlink/{link,address,route,neighbour,watch} are slices of bun-netlink/rtnetlink", async () => {
  const all = await import("bun-netlink/rtnetlink");
  const parts = {
    link: await import("bun-netlink/rtnetlink/link"),
    address: await import("bun-netlink/rtnetlink/address"),
    route: await import("bun-netlink/rtnetlink/route"),
    neighbour: await import("bun-netlink/rtnetlink/neighbour"),
    watch: await import("bun-netlink/rtnetlink/watch"),
  };
  expect(parts.link.listLinks).toBe(all.listLinks);
  expect(parts.address.listAddresses).toBe(all.listAddresses);
  expect(parts.route.listRoutes).toBe(all.listRoutes);
  expect(parts.neighbour.listNeighbours).toBe(all.listNeighbours);
  expect(parts.watch.watch).toBe(all.watch);
  for (const [name, mod] of Object.entries(parts)) {
    for (const [key, v] of Object.entries(mod)) expect([name, key, (all as Record<string, unknown>)[key]]).toEqual([name, key, v]);
  }
});
