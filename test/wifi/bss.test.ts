import { describe, expect, test } from "bun:test";
import { AttributeEncoder } from "../../src/netlink/index.ts";
import { DecodeError, type BssStatus, parseBss, parseSurvey, parseRegulatoryDomain } from "../../src/wifi/index.ts";
import { hex } from "./bytes.ts";

describe("parseBss", () => {
  // One NL80211_CMD_NEW_SCAN_RESULTS dump entry.
  const golden = hex(`
    0800 2e00 05000000              // NL80211_ATTR_GENERATION 5
    0800 0300 03000000              // NL80211_ATTR_IFINDEX 3
    0c00 9900 0100000001000000      // NL80211_ATTR_WDEV 0x100000001
    9000 2f00                       // NL80211_ATTR_BSS (144 bytes)
      0a00 0100 020000000000 0000   //   NL80211_BSS_BSSID 02:00:00:00:00:00 + 2 pad
      0800 0200 6c090000            //   NL80211_BSS_FREQUENCY 2412
      0c00 0300 be97a69746610600    //   NL80211_BSS_TSF 1795805680146366
      0600 0400 6400 0000           //   NL80211_BSS_BEACON_INTERVAL 100 TU + pad
      0600 0500 1104 0000           //   NL80211_BSS_CAPABILITY 0x0411 (ESS, privacy, short slot) + pad
      1600 0600                     //   NL80211_BSS_INFORMATION_ELEMENTS (18 bytes)
        00 0a 62756e6e65742d70736b  //     SSID "bunnet-psk"
        03 01 01                    //     DS Parameter Set: channel 1
        2a 01 00                    //     ERP (42), unknown here
        0000                        //   + 2 pad
      0800 0700 30f8ffff            //   NL80211_BSS_SIGNAL_MBM -2000 (-20 dBm)
      0800 0900 01000000            //   NL80211_BSS_STATUS 1 (associated)
      0800 0a00 dc000000            //   NL80211_BSS_SEEN_MS_AGO 220
      0c00 0f00 7ca5f34605000000    //   NL80211_BSS_LAST_SEEN_BOOTTIME 22665209212 ns
      0800 0c00 00000000            //   NL80211_BSS_CHAN_WIDTH 0 (20 MHz)
      0400 0e00                     //   NL80211_BSS_PRESP_DATA
      0a00 1200 020000000000 0000   //   NL80211_BSS_PARENT_BSSID 02:00:00:00:00:00 + 2 pad
      0800 6300 01000000            //   attribute 99: unknown here, kept
  `);

  test("decodes the golden scan result field by field", () => {
    const b = parseBss(golden);
    expect(b).toMatchObject({
      generation: 5,
      interfaceIndex: 3,
      wdev: 0x100000001n,
      bssid: "02:00:00:00:00:00",
      frequency: 2412,
      tsf: 1795805680146366n,
      beaconInterval: 100,
      capability: 0x0411,
      signal: -20,
      status: "associated",
      lastSeen: 220,
      lastSeenBoottime: 22665209212n,
      scanWidth: 0,
      probeResponseData: true,
      parentBssid: "02:00:00:00:00:00",
      ssid: "bunnet-psk",
      other: [],
      otherBss: [{ type: 99, nested: false, netByteOrder: false, data: hex("01000000") }],
    });
    expect(b.signalUnspecified).toBeUndefined();
    expect(b.rawInformationElements).toEqual(hex("000a62756e6e65742d70736b 030101 2a0100"));
    expect(b.informationElements?.dsChannel).toBe(1);
    expect(b.informationElements?.unknown).toEqual([{ id: 42, data: hex("00") }]);
  });

  const bss = (fill: (e: AttributeEncoder) => void) =>
    new AttributeEncoder().nested(47, (e) => fill(e.bytes(1, hex("020000000001")))).encode();

  test("the unspecified signal is a u8 (0..100), not a u32", () => {
    expect(parseBss(bss((e) => e.u8(8, 73))).signalUnspecified).toBe(73);
    // mdlayher/wifi read 4 bytes here; a u32 is malformed and must say so, not misread.
    expect(() => parseBss(bss((e) => e.u32(8, 73)))).toThrow(/attribute type 8: u8 needs 1 bytes, has 4/);
  });

  test.each<[number, BssStatus]>([
    [0, "authenticated"],
    [1, "associated"],
    [2, "ibss-joined"],
    [7, 7],
  ])("NL80211_BSS_STATUS %i is %p", (n, status) => {
    expect(parseBss(bss((e) => e.u32(9, n))).status).toBe(status);
  });

  test("malformed elements do not lose the scan result: the error and raw bytes are kept", () => {
    const b = parseBss(bss((e) => e.u32(2, 2437).bytes(6, hex("00 05 4142"))));
    expect(b.frequency).toBe(2437);
    expect(b.informationElements).toBeUndefined();
    expect(b.informationElementsError).toBeInstanceOf(DecodeError);
    expect(b.informationElementsError?.message).toMatch(/runs past the end/);
    expect(b.rawInformationElements).toEqual(hex("00 05 4142"));
  });

  test("beacon elements are parsed apart", () => {
    const b = parseBss(bss((e) => e.bytes(11, hex("00 03 616263")).u64(13, 5n)));
    expect(b.beaconInformationElements?.ssid).toBe("abc");
    expect(b.beaconTsf).toBe(5n);
    expect(b.ssid).toBeUndefined();
  });

  test.each([
    ["a 4-byte BSSID", (e: AttributeEncoder) => e.u32(1, 1), /attribute type 1: MAC address needs 6 bytes, has 4/],
    ["a 2-byte frequency", (e: AttributeEncoder) => e.bytes(1, hex("020000000001")).u16(2, 2412), /attribute type 2: u32 needs 4 bytes, has 2/],
    ["a 4-byte TSF", (e: AttributeEncoder) => e.bytes(1, hex("020000000001")).u32(3, 1), /attribute type 3: u64 needs 8 bytes, has 4/],
    ["a 2-byte mBm signal", (e: AttributeEncoder) => e.bytes(1, hex("020000000001")).u16(7, 1), /attribute type 7: s32 needs 4 bytes, has 2/],
    ["no BSSID", (e: AttributeEncoder) => e.u32(2, 2412), /without NL80211_BSS_BSSID/],
  ])("%s → DecodeError", (_name, fill, message) => {
    const attrs = new AttributeEncoder().nested(47, fill).encode();
    expect(() => parseBss(attrs)).toThrow(DecodeError);
    expect(() => parseBss(attrs)).toThrow(message);
  });

  test("a message without NL80211_ATTR_BSS → DecodeError", () => {
    expect(() => parseBss(hex("0800 0300 03000000"))).toThrow(/without NL80211_ATTR_BSS/);
  });
});

describe("parseSurvey", () => {
  const golden = hex(`
    0800 0300 03000000              // NL80211_ATTR_IFINDEX 3
    6000 5400                       // NL80211_ATTR_SURVEY_INFO (96 bytes)
      0800 0100 6c090000            //   NL80211_SURVEY_INFO_FREQUENCY 2412
      0500 0200 a4 000000           //   NL80211_SURVEY_INFO_NOISE -92 dBm
      0400 0300                     //   NL80211_SURVEY_INFO_IN_USE
      0c00 0400 e803000000000000    //   NL80211_SURVEY_INFO_TIME 1000 ms
      0c00 0500 6400000000000000    //   NL80211_SURVEY_INFO_TIME_BUSY 100
      0c00 0600 0a00000000000000    //   NL80211_SURVEY_INFO_TIME_EXT_BUSY 10
      0c00 0700 3200000000000000    //   NL80211_SURVEY_INFO_TIME_RX 50
      0c00 0800 1400000000000000    //   NL80211_SURVEY_INFO_TIME_TX 20
      0c00 0900 0500000000000000    //   NL80211_SURVEY_INFO_TIME_SCAN 5
  `);

  test("decodes the golden survey entry", () => {
    expect(parseSurvey(golden)).toEqual({
      interfaceIndex: 3,
      frequency: 2412,
      noise: -92,
      inUse: true,
      activeTime: 1000n,
      busyTime: 100n,
      extensionBusyTime: 10n,
      receiveTime: 50n,
      transmitTime: 20n,
      scanTime: 5n,
      other: [],
      otherInfo: [],
    });
  });

  test.each([
    ["a u32 noise", (e: AttributeEncoder) => e.u32(2, 1), /attribute type 2: s8 needs 1 bytes, has 4/],
    ["a u32 time", (e: AttributeEncoder) => e.u32(4, 1), /attribute type 4: u64 needs 8 bytes, has 4/],
  ])("%s → DecodeError", (_name, fill, message) => {
    expect(() => parseSurvey(new AttributeEncoder().nested(84, fill).encode())).toThrow(message);
  });

  test("a message without NL80211_ATTR_SURVEY_INFO → DecodeError", () => {
    expect(() => parseSurvey(hex("0800 0300 03000000"))).toThrow(/without NL80211_ATTR_SURVEY_INFO/);
  });
});

describe("parseRegulatoryDomain", () => {
  const golden = hex(`
    0700 2100 555300 00             // NL80211_ATTR_REG_ALPHA2 "US\\0" + 1 pad
    0500 9200 01 000000             // NL80211_ATTR_DFS_REGION 1 (FCC)
    5400 2200                       // NL80211_ATTR_REG_RULES (84 bytes)
      2400 0000                     //   rule 0
        0800 0100 00000000          //     NL80211_ATTR_REG_RULE_FLAGS 0
        0800 0200 009f2400          //     NL80211_ATTR_FREQ_RANGE_START 2400000 kHz
        0800 0300 40b82500          //     NL80211_ATTR_FREQ_RANGE_END 2472000 kHz
        0800 0400 409c0000          //     NL80211_ATTR_FREQ_RANGE_MAX_BW 40000 kHz
      2c00 0100                     //   rule 1
        0800 0100 10080000          //     flags DFS | AUTO-BW
        0800 0200 d01b5000          //     start 5250000
        0800 0300 70a25100          //     end 5350000
        0800 0500 00000000          //     NL80211_ATTR_POWER_RULE_MAX_ANT_GAIN 0 mBi
        0800 0600 60090000          //     NL80211_ATTR_POWER_RULE_MAX_EIRP 2400 mBm
  `);

  test("decodes the golden domain with its rules", () => {
    expect(parseRegulatoryDomain(golden)).toEqual({
      country: "US",
      dfsRegion: "FCC",
      selfManaged: false,
      rules: [
        { startFrequency: 2400000, endFrequency: 2472000, maxBandwidth: 40000, maxAntennaGain: 0, maxEirp: 0, flagBits: 0, flags: [], other: [] },
        { startFrequency: 5250000, endFrequency: 5350000, maxBandwidth: 0, maxAntennaGain: 0, maxEirp: 2400, flagBits: 0x810, flags: ["DFS", "AUTO-BW"], other: [] },
      ],
      other: [],
    });
  });

  test("a self-managed PHY's domain", () => {
    const d = parseRegulatoryDomain(new AttributeEncoder().string(33, "DE").u32(1, 2).flag(216).u8(146, 2).encode());
    expect(d).toMatchObject({ country: "DE", phy: 2, selfManaged: true, dfsRegion: "ETSI" });
  });

  test("a u32 DFS region → DecodeError", () => {
    expect(() => parseRegulatoryDomain(new AttributeEncoder().u32(146, 1).encode())).toThrow(/attribute type 146: u8 needs 1 bytes, has 4/);
  });
});
