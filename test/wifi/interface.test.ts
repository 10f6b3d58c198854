import { describe, expect, test } from "bun:test";
import {
  DecodeError,
  type ChannelWidth,
  type InterfaceType,
  EncodeError,
  channelWidthName,
  interfaceTypeName,
  interfaceTypeNumber,
  parseInterface,
} from "../../src/wifi/index.ts";
import { hex } from "./bytes.ts";

describe("parseInterface", () => {
  // NL80211_CMD_NEW_INTERFACE attributes of an AP on channel 1, as mac80211_hwsim reports it.
  const golden = hex(`
    0800 0300 02000000            // NL80211_ATTR_IFINDEX 2
    0a00 0400 776c616e3000 0000   // NL80211_ATTR_IFNAME "wlan0\\0" + 2 pad
    0800 0100 00000000            // NL80211_ATTR_WIPHY 0
    0800 0500 03000000            // NL80211_ATTR_IFTYPE 3 (NL80211_IFTYPE_AP)
    0c00 9900 0100000000000000    // NL80211_ATTR_WDEV 1
    0a00 0600 020000000000 0000   // NL80211_ATTR_MAC 02:00:00:00:00:00 + 2 pad
    0800 2e00 09000000            // NL80211_ATTR_GENERATION 9
    0500 5300 00 000000           // NL80211_ATTR_4ADDR 0 + 3 pad
    0800 6200 b80b0000            // NL80211_ATTR_WIPHY_TX_POWER_LEVEL 3000 mBm
    0800 2600 6c090000            // NL80211_ATTR_WIPHY_FREQ 2412
    0800 2201 00000000            // NL80211_ATTR_WIPHY_FREQ_OFFSET 0
    0800 2700 01000000            // NL80211_ATTR_WIPHY_CHANNEL_TYPE 1 (HT20)
    0800 9f00 01000000            // NL80211_ATTR_CHANNEL_WIDTH 1 (20 MHz)
    0800 a000 6c090000            // NL80211_ATTR_CENTER_FREQ1 2412
    0e00 3400 62756e6e65742d70736b 0000 // NL80211_ATTR_SSID "bunnet-psk" + 2 pad
    0800 f000 2a000000            // NL80211_ATTR_NAN_FUNC (240): unknown here, kept
  `);

  test("decodes the golden AP interface field by field", () => {
    expect(parseInterface(golden)).toEqual({
      index: 2,
      name: "wlan0",
      phy: 0,
      type: "ap",
      wdev: 1n,
      mac: "02:00:00:00:00:00",
      generation: 9,
      fourAddress: false,
      txPower: 30,
      frequency: 2412,
      frequencyOffset: 0,
      channelType: "ht20",
      channelWidth: "20",
      centerFrequency1: 2412,
      ssid: "bunnet-psk",
      ssidBytes: new TextEncoder().encode("bunnet-psk"),
      other: [{ type: 240, nested: false, netByteOrder: false, data: hex("2a000000") }],
    });
  });

  test("a P2P device has a wdev but no index or name", () => {
    const ifc = parseInterface(hex(`
      0800 0100 01000000            // NL80211_ATTR_WIPHY 1
      0800 0500 0a000000            // NL80211_ATTR_IFTYPE 10 (P2P_DEVICE)
      0c00 9900 0200000001000000    // NL80211_ATTR_WDEV 0x100000002
    `));
    expect(ifc).toEqual({ phy: 1, type: "p2p-device", wdev: 0x100000002n, other: [] });
  });

  test("a negative TX power in mBm (declared u32) decodes as negative dBm", () => {
    const ifc = parseInterface(hex("0800 0100 00000000  0800 6200 0cfeffff")); // -500 mBm
    expect(ifc.txPower).toBe(-5);
  });

  test.each([
    ["NL80211_ATTR_IFINDEX of 2 bytes", "0800 0100 00000000  0600 0300 0200 0000", /attribute type 3: u32 needs 4 bytes, has 2/],
    ["NL80211_ATTR_MAC of 4 bytes", "0800 0100 00000000  0800 0600 02000000", /attribute type 6: MAC address needs 6 bytes, has 4/],
    ["NL80211_ATTR_WDEV of 4 bytes", "0800 0100 00000000  0800 9900 01000000", /attribute type 153: u64 needs 8 bytes, has 4/],
    ["NL80211_ATTR_4ADDR of 0 bytes", "0800 0100 00000000  0400 5300", /attribute type 83: u8 needs 1 bytes, has 0/],
    ["an attribute running past the end", "0800 0100 00000000  0c00 0300 0200", /runs past the end/],
    ["no NL80211_ATTR_WIPHY", "0800 0300 02000000", /without NL80211_ATTR_WIPHY/],
  ])("%s → DecodeError", (_name, bytes, message) => {
    expect(() => parseInterface(hex(bytes))).toThrow(DecodeError);
    expect(() => parseInterface(hex(bytes))).toThrow(message);
  });
});

describe("interface types and channel widths", () => {
  test.each<[number, InterfaceType]>([
    [0, "unspecified"],
    [1, "adhoc"],
    [2, "station"],
    [3, "ap"],
    [4, "ap-vlan"],
    [5, "wds"],
    [6, "monitor"],
    [7, "mesh-point"],
    [8, "p2p-client"],
    [9, "p2p-go"],
    [10, "p2p-device"],
    [11, "ocb"],
    [12, "nan"],
    [99, 99],
  ])("NL80211_IFTYPE %i is %p and back", (n, name) => {
    expect(interfaceTypeName(n)).toBe(name);
    expect(interfaceTypeNumber(name)).toBe(n);
  });

  test("an unknown type name is an EncodeError", () => {
    expect(() => interfaceTypeNumber("managed" as never)).toThrow(EncodeError);
  });

  test.each<[number, ChannelWidth]>([
    [0, "20-noht"],
    [1, "20"],
    [2, "40"],
    [3, "80"],
    [4, "80+80"],
    [5, "160"],
    [6, "5"],
    [7, "10"],
    [13, "320"],
    [42, 42],
  ])("NL80211_CHAN_WIDTH %i is %p", (n, name) => {
    expect(channelWidthName(n)).toBe(name);
  });
});
