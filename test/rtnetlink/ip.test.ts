/** The address helpers of bun-netlink/rtnetlink: formatting and parsing IP and MAC addresses. */
import { describe, expect, test } from "bun:test";
import { formatIP, formatMAC, formatMACAt, parseIP, parseMAC } from "../../src/rtnetlink/ip.ts";

describe("MAC addresses", () => {
  test("formatMAC: lower-case hex pairs joined by colons, any length", () => {
    expect(formatMAC(Uint8Array.of(0x02, 0x00, 0xab, 0xcd, 0xef, 0x01))).toBe("02:00:ab:cd:ef:01");
    expect(formatMAC(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff))).toBe("ff:ff:ff:ff:ff:ff");
    expect(formatMAC(Uint8Array.of(0x80, 0x00, 0x00, 0x48, 0xfe, 0x80, 0x00, 0x01))).toBe("80:00:00:48:fe:80:00:01");
    expect(formatMAC(Uint8Array.of(0x0a))).toBe("0a");
    expect(formatMAC(new Uint8Array(0))).toBe("");
  });

  test("formatMACAt reads a range in place, as formatMAC of that range", () => {
    const b = Uint8Array.of(9, 9, 0x02, 0, 0, 0, 0, 0x07, 9);
    expect(formatMACAt(b, 2, 6)).toBe("02:00:00:00:00:07");
    expect(formatMACAt(b, 2, 6)).toBe(formatMAC(b.subarray(2, 8)));
    expect(formatMACAt(b, 7, 2)).toBe("07:09");
    expect(formatMACAt(b, 4, 0)).toBe("");
  });

  test("parseMAC is formatMAC's inverse", () => {
    expect(formatMAC(parseMAC("02:00:ab:cd:ef:01"))).toBe("02:00:ab:cd:ef:01");
  });
});

describe("IP addresses", () => {
  test("formatIP prints IPv4 dotted and IPv6 as inet_ntop does", () => {
    expect(formatIP(Uint8Array.of(192, 0, 2, 1))).toBe("192.0.2.1");
    expect(formatIP(parseIP("2001:db8::1"))).toBe("2001:db8::1");
    expect(formatIP(parseIP("::ffff:192.0.2.1"))).toBe("::ffff:192.0.2.1");
  });
});
