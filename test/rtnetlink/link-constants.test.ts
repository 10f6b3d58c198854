/**
 * Every number in src/rtnetlink/constants.ts against the installed uapi headers: a C compiler
 * prints each constant by name, and the two must agree. Skipped where no compiler or headers exist.
 */
import { expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as constants from "../../src/rtnetlink/constants.ts";

const HEADERS = ["rtnetlink.h", "if_link.h", "if.h", "if_addr.h", "if_arp.h", "if_ether.h", "veth.h", "if_vlan.h"];
const cc = Bun.which("cc") ?? Bun.which("gcc");
const haveHeaders = HEADERS.every((h) => existsSync(`/usr/include/linux/${h}`));

test.skipIf(cc === null || !haveHeaders)("every constant equals its uapi header value", () => {
  const names = Object.keys(constants).filter((n) => typeof (constants as Record<string, unknown>)[n] === "number");
  expect(names.length).toBeGreaterThan(300);
  const dir = mkdtempSync(join(tmpdir(), "bnl-constants-"));
  try {
    const src = [
      "#include <stdio.h>",
      ...HEADERS.map((h) => `#include <linux/${h}>`),
      "int main(void) {",
      ...names.map((n) => `  printf("%s %lld\\n", "${n}", (long long)(${n}));`),
      "  return 0;",
      "}",
    ].join("\n");
    writeFileSync(join(dir, "c.c"), src);
    const build = Bun.spawnSync([cc!, "-o", join(dir, "c"), join(dir, "c.c")], { stderr: "pipe" });
    expect(build.stderr.toString()).toBe("");
    const out = Bun.spawnSync([join(dir, "c")]).stdout.toString();
    const fromHeaders = Object.fromEntries(out.trim().split("\n").map((l) => [l.split(" ")[0]!, Number(l.split(" ")[1])]));
    const ours = Object.fromEntries(names.map((n) => [n, (constants as Record<string, number>)[n]]));
    expect(ours).toEqual(fromHeaders);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The hot decoders switch on numeric case labels (a jump table) with the uapi name in a comment:
// each comment must name the constant with that number.
test.each(["link.ts", "address.ts"])("every `case N: // NAME` in src/rtnetlink/%s names constant N", (file) => {
  const src = readFileSync(join(import.meta.dir, "../../src/rtnetlink", file), "utf8");
  const labels = [...src.matchAll(/case (\d+):(?: \{)? \/\/ ([A-Z][A-Z0-9_]+)/g)].map((m) => [m[2]!, Number(m[1])] as const);
  expect(labels.length).toBeGreaterThanOrEqual(file === "link.ts" ? 35 : 8);
  // No bare numbers: every numeric label carries its name.
  expect([...src.matchAll(/case \d+:/g)].length).toBe(labels.length);
  const table = constants as Record<string, number>;
  expect(labels.filter(([name, n]) => table[name] !== n)).toEqual([]);
});
