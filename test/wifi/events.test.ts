import { describe, expect, test } from "bun:test";
import { AttributeEncoder } from "../../src/netlink/index.ts";
import { commandName, parseEvent, type WifiEvent } from "../../src/wifi/index.ts";
import { hex } from "./bytes.ts";

const enc = () => new AttributeEncoder();
const AP = hex("020000000000");
const STA = hex("020000000100");

describe("parseEvent", () => {
  test("a golden NL80211_CMD_CONNECT event", () => {
    const attrs = hex(`
      0800 0100 01000000            // NL80211_ATTR_WIPHY 1
      0800 0300 03000000            // NL80211_ATTR_IFINDEX 3
      0a00 0600 020000000000 0000   // NL80211_ATTR_MAC (BSSID) 02:00:00:00:00:00 + 2 pad
      0600 4800 0000 0000           // NL80211_ATTR_STATUS_CODE 0 + pad
      0700 4d00 000162 00           // NL80211_ATTR_REQ_IE: SSID "b" + pad
      0600 4e00 0000 0000           // NL80211_ATTR_RESP_IE: empty SSID + pad
    `);
    expect(parseEvent(46, attrs)).toEqual({
      command: 46,
      commandName: "NL80211_CMD_CONNECT",
      type: "connect",
      phy: 1,
      interfaceIndex: 3,
      bssid: "02:00:00:00:00:00",
      statusCode: 0,
      timedOut: false,
      success: true,
      requestIes: hex("000162"),
      responseIes: hex("0000"),
    });
  });

  const deauth = hex(`
    c000 0000                       // frame control: management, subtype 12 (deauthentication); duration
    020000000100                    // address 1 (destination): the station
    020000000000                    // address 2 (source): the AP
    020000000000                    // address 3: the BSSID
    0000                            // sequence control
    0f00                            // reason code 15 (4-way handshake timeout)
  `);
  const authResponse = hex("b000 0000 020000000100 020000000000 020000000000 1000 0000 0200 0000"); // algorithm 0, seq 2, status 0
  const assocResponse = hex("1000 0000 020000000100 020000000000 020000000000 2000 1104 1100 0100"); // capability, status 17, AID

  test.each<[string, number, Uint8Array, Partial<WifiEvent>]>([
    ["a failed connect", 46, enc().u32(3, 3).u16(72, 17).encode(), { type: "connect", statusCode: 17, success: false, timedOut: false }],
    ["a timed-out connect", 46, enc().u32(3, 3).flag(65).u32(248, 1).encode(), { type: "connect", timedOut: true, timeoutReason: 1, success: false }],
    ["a roam", 47, enc().u32(3, 3).bytes(6, AP).encode(), { type: "roam", bssid: "02:00:00:00:00:00", success: true }],
    ["a disconnect by the AP", 48, enc().u32(3, 3).u16(54, 2).flag(71).encode(), { type: "disconnect", interfaceIndex: 3, reasonCode: 2, byAp: true }],
    ["a local disconnect", 48, enc().u32(3, 3).u16(54, 3).encode(), { type: "disconnect", reasonCode: 3, byAp: false }],
    [
      "a deauthentication frame",
      39,
      enc().u32(3, 3).bytes(51, deauth).encode(),
      { type: "deauthenticate", destination: "02:00:00:00:01:00", source: "02:00:00:00:00:00", bssid: "02:00:00:00:00:00", reasonCode: 15, frame: deauth },
    ],
    ["an authentication response", 37, enc().u32(3, 3).bytes(51, authResponse).encode(), { type: "authenticate", statusCode: 0, bssid: "02:00:00:00:00:00" }],
    ["an association response", 38, enc().u32(3, 3).bytes(51, assocResponse).encode(), { type: "associate", statusCode: 17 }],
    ["a timed-out authentication", 37, enc().u32(3, 3).flag(65).bytes(6, AP).encode(), { type: "authenticate", timedOut: true, bssid: "02:00:00:00:00:00" }],
    ["a disassociation with a short frame", 40, enc().u32(3, 3).bytes(51, hex("a000")).encode(), { type: "disassociate", frame: hex("a000") }],
    [
      "a new station",
      19,
      enc().u32(3, 2).bytes(6, STA).u32(46, 4).nested(21, (s) => s.u32(16, 0)).encode(),
      { type: "station-added", interfaceIndex: 2, mac: "02:00:00:00:01:00" },
    ],
    ["a deleted station", 20, enc().u32(3, 2).bytes(6, STA).encode(), { type: "station-removed", mac: "02:00:00:00:01:00" }],
    [
      "a scan start",
      33,
      enc().u32(1, 1).u32(3, 3).u64(153, 0x100000001n).nested(45, (s) => s.bytes(1, new Uint8Array(0)).bytes(2, hex("6162"))).nested(44, (f) => f.u32(0, 2412).u32(1, 2437)).encode(),
      { type: "scan-started", phy: 1, interfaceIndex: 3, wdev: 0x100000001n, ssids: ["", "ab"], frequencies: [2412, 2437] },
    ],
    ["a finished scan", 34, enc().u32(3, 3).encode(), { type: "scan-finished", interfaceIndex: 3, frequencies: [], ssids: [] }],
    ["an aborted scan", 35, enc().u32(3, 3).encode(), { type: "scan-aborted", interfaceIndex: 3 }],
    [
      "a regulatory change",
      36,
      enc().u8(48, 1).u8(49, 0).string(33, "US").encode(),
      { type: "regulatory-change", initiator: "user", regulatoryType: "country", country: "US", selfManaged: false },
    ],
    ["a world domain change", 36, enc().u8(48, 0).u8(49, 1).encode(), { type: "regulatory-change", initiator: "core", regulatoryType: "world" }],
    ["a self-managed PHY's change", 113, enc().u8(48, 2).u8(49, 0).string(33, "DE").u32(1, 0).flag(216).encode(), { type: "phy-regulatory-change", phy: 0, selfManaged: true, initiator: "driver" }],
    ["a beacon hint", 42, enc().u8(48, 9).u32(1, 0).encode(), { type: "regulatory-beacon-hint", initiator: 9 }],
    ["an interface created", 7, enc().u32(1, 0).u32(3, 5).string(4, "mon0").u32(5, 6).encode(), { type: "interface-added", interface: { phy: 0, index: 5, name: "mon0", type: "monitor", other: [] } }],
    ["an interface removed", 8, enc().u32(1, 0).u32(3, 5).string(4, "mon0").u32(5, 6).encode(), { type: "interface-removed" }],
    ["a new PHY", 3, enc().u32(1, 2).string(2, "phy2").encode(), { type: "phy-added", phy: 2, name: "phy2" }],
    ["a removed PHY", 4, enc().u32(1, 2).encode(), { type: "phy-removed", phy: 2 }],
    ["the port authorized", 125, enc().u32(3, 3).bytes(6, AP).encode(), { type: "port-authorized", interfaceIndex: 3, bssid: "02:00:00:00:00:00" }],
    [
      "a channel switch (no WIPHY)",
      88,
      enc().u32(3, 2).u32(38, 2437).u32(159, 1).u32(160, 2437).encode(),
      { type: "channel-switch", interface: { index: 2, frequency: 2437, channelWidth: "20", centerFrequency1: 2437, other: [] } },
    ],
    [
      "an unknown command",
      200,
      enc().u32(3, 3).encode(),
      { type: "unknown", commandName: "NL80211_CMD_200", attributes: [{ type: 3, nested: false, netByteOrder: false, data: hex("03000000") }] },
    ],
  ])("%s", (_name, command, attrs, expected) => {
    const ev = parseEvent(command, attrs);
    expect(ev.command).toBe(command);
    expect(ev).toMatchObject(expected);
  });

  test("malformed event attributes → DecodeError naming the attribute", () => {
    expect(() => parseEvent(46, enc().u32(72, 0).encode())).toThrow(/attribute type 72: u16 needs 2 bytes, has 4/);
    expect(() => parseEvent(48, enc().u8(54, 3).encode())).toThrow(/attribute type 54: u16 needs 2 bytes, has 1/);
    expect(() => parseEvent(36, enc().u32(48, 1).encode())).toThrow(/attribute type 48: u8 needs 1 bytes, has 4/);
    expect(() => parseEvent(33, enc().nested(44, (f) => f.u16(0, 1)).encode())).toThrow(/attribute type 0: u32 needs 4 bytes, has 2/);
    expect(() => parseEvent(19, enc().u32(3, 2).encode())).toThrow(/without NL80211_ATTR_MAC/);
  });

  test.each([
    [15, "NL80211_CMD_START_AP"],
    [16, "NL80211_CMD_STOP_AP"],
    [58, "NL80211_CMD_REGISTER_FRAME"],
    [59, "NL80211_CMD_FRAME"],
    [60, "NL80211_CMD_FRAME_TX_STATUS"],
    [34, "NL80211_CMD_NEW_SCAN_RESULTS"],
  ])("command %i is named %s (not a deprecated alias)", (n, name) => {
    expect(commandName(n)).toBe(name);
  });
});
