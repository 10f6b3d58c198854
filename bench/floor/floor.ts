/**
 * The floor: how fast can any Bun program do W2, W3 and W4, with no library at all? One file,
 * bun:ffi straight to libc, a fixed buffer, and only the fields the harness asks for decoded
 * into plain objects. Whatever a Bun library adds to these numbers is its own cost; what is left
 * between them and C is Bun's (start-up, module parsing, the JIT warming up, exit).
 *
 *   ip netns exec nlpeers-w2 bun bench/floor/floor.ts nlpeers-w2 W2     # prints 2001
 *   ip netns exec nlpeers-w3 bun bench/floor/floor.ts nlpeers-w3 W3     # prints 20000
 *   ip netns exec nlpeers-w4 bun bench/floor/floor.ts nlpeers-w4 W4     # prints "20000 ops_per_s=…"
 *
 * bench/peers.conf registers it with the peer harness as the `bun-floor` column (the same
 * contract as bench/peers.ts). Not a test and not part of the library: a yardstick.
 */
import { dlopen, ptr } from "bun:ffi";

const { symbols: c } = dlopen("libc.so.6", {
  socket: { args: ["i32", "i32", "i32"], returns: "i32" },
  send: { args: ["i32", "ptr", "usize", "i32"], returns: "i32" },
  recv: { args: ["i32", "ptr", "usize", "i32"], returns: "i32" },
});

const HEX: string[] = [];
const OCTET: string[] = [];
for (let i = 0; i < 256; i++) {
  HEX.push((i < 16 ? "0" : "") + i.toString(16));
  OCTET.push(String(i));
}
const buf = new Uint8Array(new ArrayBuffer(65536));
const bufPtr = ptr(buf);

function request(fd: number, type: number, flags: number, seq: number, payload: number[]): void {
  const req = new Uint8Array(new ArrayBuffer((16 + payload.length + 3) & ~3));
  const v = new DataView(req.buffer);
  v.setUint32(0, 16 + payload.length, true);
  v.setUint16(4, type, true);
  v.setUint16(6, flags, true);
  v.setUint32(8, seq, true);
  req.set(payload, 16);
  c.send(fd, ptr(req), req.length, 0);
}

function text(p: number, end: number): string {
  let s = "";
  for (let i = p; i < end && buf[i] !== 0; i++) s += String.fromCharCode(buf[i]!);
  return s;
}

/** Read a dump to NLMSG_DONE, handing every message of `type` to `each(payloadStart, end)`. */
function dump(fd: number, type: number, each: (s: number, end: number) => void): void {
  for (;;) {
    const n = c.recv(fd, bufPtr, buf.length, 0);
    if (n <= 0) throw new Error(`recv: ${n}`);
    for (let off = 0; off < n; ) {
      const len = buf[off]! | (buf[off + 1]! << 8) | (buf[off + 2]! << 16);
      const t = buf[off + 4]! | (buf[off + 5]! << 8);
      if (t === 3 /* NLMSG_DONE */) return;
      if (t === type) each(off + 16, off + len);
      off += (len + 3) & ~3;
    }
  }
}

const workload = (process.argv[3] ?? "").toUpperCase();
const fd = c.socket(16 /* AF_NETLINK */, 3 /* SOCK_RAW */, workload === "W4" ? 16 /* NETLINK_GENERIC */ : 0);
switch (workload) {
  case "W2": {
    const links: { index: number; flags: number; name: string; mtu: number; address: string }[] = [];
    request(fd, 18 /* RTM_GETLINK */, 0x301, 1, new Array(16).fill(0));
    dump(fd, 16 /* RTM_NEWLINK */, (s, end) => {
      const l = { index: buf[s + 4]! | (buf[s + 5]! << 8), flags: buf[s + 8]! | (buf[s + 9]! << 8), name: "", mtu: 0, address: "" };
      for (let p = s + 16; p + 4 <= end; ) {
        const al = buf[p]! | (buf[p + 1]! << 8);
        const at = (buf[p + 2]! | (buf[p + 3]! << 8)) & 0x3fff;
        if (at === 3) l.name = text(p + 4, p + al);
        else if (at === 4) l.mtu = buf[p + 4]! | (buf[p + 5]! << 8) | (buf[p + 6]! << 16);
        else if (at === 1 && al === 10) {
          l.address = HEX[buf[p + 4]!] + ":" + HEX[buf[p + 5]!] + ":" + HEX[buf[p + 6]!] + ":" + HEX[buf[p + 7]!] + ":" + HEX[buf[p + 8]!] + ":" + HEX[buf[p + 9]!];
        }
        p += (al + 3) & ~3;
      }
      links.push(l);
    });
    console.log(links.length);
    break;
  }
  case "W3": {
    const addresses: { index: number; prefixLength: number; address: string; label: string }[] = [];
    request(fd, 22 /* RTM_GETADDR */, 0x301, 1, [2, 0, 0, 0, 0, 0, 0, 0]);
    dump(fd, 20 /* RTM_NEWADDR */, (s, end) => {
      const a = { index: buf[s + 4]! | (buf[s + 5]! << 8), prefixLength: buf[s + 1]!, address: "", label: "" };
      for (let p = s + 8; p + 4 <= end; ) {
        const al = buf[p]! | (buf[p + 1]! << 8);
        const at = buf[p + 2]! | (buf[p + 3]! << 8);
        if (at === 2) a.address = OCTET[buf[p + 4]!] + "." + OCTET[buf[p + 5]!] + "." + OCTET[buf[p + 6]!] + "." + OCTET[buf[p + 7]!];
        else if (at === 3) a.label = text(p + 4, p + al);
        p += (al + 3) & ~3;
      }
      addresses.push(a);
    });
    console.log(addresses.length);
    break;
  }
  case "W4": {
    // CTRL_CMD_GETFAMILY "nlctrl", request → reply, no decoding: the round-trip floor.
    const n = Number(process.env.W4_REQUESTS ?? 20000);
    const name = [...new TextEncoder().encode("nlctrl\0"), 0];
    const payload = [3, 1, 0, 0, 4 + 7, 0, 2, 0, ...name];
    const t0 = performance.now();
    let ok = 0;
    for (let i = 1; i <= n; i++) {
      request(fd, 0x10, 1, i, payload);
      if (c.recv(fd, bufPtr, buf.length, 0) > 0) ok++;
    }
    console.log(`${ok} ops_per_s=${Math.round(ok / ((performance.now() - t0) / 1000))}`);
    break;
  }
  default:
    console.error("usage: bun bench/floor/floor.ts NETNS W2|W3|W4");
    process.exit(3);
}
