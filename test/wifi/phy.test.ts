import { describe, expect, test } from "bun:test";
import { AttributeEncoder } from "../../src/netlink/index.ts";
import {
  DecodeError,
  NL80211_EXT_FEATURE_4WAY_HANDSHAKE_STA_PSK,
  PhyMerger,
  frequencyToChannel,
  hasExtendedFeature,
  parsePhys,
  parseVhtCapabilities,
} from "../../src/wifi/index.ts";
import { hex } from "./bytes.ts";

describe("the split wiphy dump", () => {
  // Message 1 of phy0's split dump: the PHY's own attributes.
  const first = hex(`
    0800 0100 00000000            // NL80211_ATTR_WIPHY 0
    0900 0200 7068793000 000000   // NL80211_ATTR_WIPHY_NAME "phy0\\0" + 3 pad
    0800 2e00 03000000            // NL80211_ATTR_GENERATION 3
    0500 2b00 04 000000           // NL80211_ATTR_MAX_NUM_SCAN_SSIDS 4
    0600 3800 0001 0000           // NL80211_ATTR_MAX_SCAN_IE_LEN 256
    1000 3900                     // NL80211_ATTR_CIPHER_SUITES
      01ac0f00 04ac0f00 02ac0f00  //   WEP-40, CCMP, TKIP (u32 selectors)
    0c00 2000                     // NL80211_ATTR_SUPPORTED_IFTYPES
      0400 0200 0400 0300         //   station, AP
    0600 d900 0080 0000           // NL80211_ATTR_EXT_FEATURES: bit 15 (4WAY_HANDSHAKE_STA_PSK)
  `);
  // Message 2: band 0 with its capabilities, rates and its first channel.
  const second = hex(`
    0800 0100 00000000            // NL80211_ATTR_WIPHY 0
    5800 1600                     // NL80211_ATTR_WIPHY_BANDS
      5400 0000                   //   band 0 (NL80211_BAND_2GHZ)
        0600 0400 7e10 0000       //     NL80211_BAND_ATTR_HT_CAPA 0x107e
        0500 0500 03 000000       //     NL80211_BAND_ATTR_HT_AMPDU_FACTOR 3
        0500 0600 06 000000       //     NL80211_BAND_ATTR_HT_AMPDU_DENSITY 6
        1800 0100                 //     NL80211_BAND_ATTR_FREQS
          1400 0000               //       channel index 0
            0800 0100 6c090000    //         NL80211_FREQUENCY_ATTR_FREQ 2412
            0800 0600 b80b0000    //         NL80211_FREQUENCY_ATTR_MAX_TX_POWER 3000 mBm
        2000 0200                 //     NL80211_BAND_ATTR_RATES
          0c00 0000               //       rate 0
            0800 0100 0a000000    //         NL80211_BITRATE_ATTR_RATE 10 (1 Mbit/s)
          1000 0100               //       rate 1
            0800 0100 37000000    //         NL80211_BITRATE_ATTR_RATE 55 (5.5 Mbit/s)
            0400 0200             //         NL80211_BITRATE_ATTR_2GHZ_SHORTPREAMBLE
  `);
  // Message 3: band 0's second channel (index 1), band 1 (5 GHz) and the interface combinations.
  const third = new AttributeEncoder()
    .u32(1, 0)
    .nested(22, (bands) =>
      bands
        .nested(0, (b) => b.nested(1, (f) => f.nested(1, (c) => c.u32(1, 2417).flag(2).flag(3).flag(5).flag(9).u32(7, 0).u32(99, 1))))
        .nested(1, (b) =>
          b
            .u32(8, 0x0380_01b2) // VHT_CAPA: max MPDU 11454 (2), A-MPDU exponent 7
            .bytes(7, hex("faff 0000 faff 0000")) // VHT MCS set: 2 streams MCS 0-9
            .nested(1, (f) => f.nested(0, (c) => c.u32(1, 5180).u32(6, 2300)))
            .nested(9, (d) => d.nested(1, (x) => x.nested(1, (t) => t.flag(2)).bytes(2, hex("010203040506")).bytes(3, hex("0a0b")).bytes(4, hex("ff")).u16(6, 0x3eff))),
        ),
    )
    .nested(120, (combos) =>
      combos.nested(1, (c) =>
        c
          .nested(1, (limits) => limits.nested(1, (l) => l.u32(1, 2048).nested(2, (t) => t.flag(2))).nested(2, (l) => l.u32(1, 8).nested(2, (t) => t.flag(3).flag(7))))
          .u32(2, 2048)
          .u32(4, 1)
          .flag(3)
          .u32(5, 0x3f)
          .u32(7, 100),
      ),
    )
    .nested(50, (cmds) => cmds.u32(1, 5).u32(2, 33))
    .u16(0x3ff, 7) // an attribute from the future, kept
    .encode();

  test("merges one PHY's messages, channels by their index within the band", () => {
    const [phy, ...rest] = parsePhys([first, second, third]);
    expect(rest).toEqual([]);
    expect(phy).toMatchObject({
      index: 0,
      name: "phy0",
      generation: 3,
      maxScanSsids: 4,
      maxScanIeLength: 256,
      cipherSuites: [0x000fac01, 0x000fac04, 0x000fac02],
      supportedInterfaceTypes: ["station", "ap"],
      extendedFeatures: [15],
      supportedCommands: [5, 33],
      other: [{ type: 0x3ff, nested: false, netByteOrder: false, data: hex("0700") }],
    });
    expect(hasExtendedFeature(phy!, NL80211_EXT_FEATURE_4WAY_HANDSHAKE_STA_PSK)).toBe(true);
    const [b2, b5] = phy!.bands;
    expect(b2).toEqual({
      id: 0,
      band: "2ghz",
      frequencies: [
        { frequency: 2412, channel: 1, maxTxPower: 30, disabled: false, noIR: false, radar: false, flags: [], other: [] },
        {
          frequency: 2417,
          channel: 2,
          disabled: true,
          noIR: true,
          radar: true,
          dfsState: "usable",
          flags: ["disabled", "no-ir", "radar", "no-ht40-minus"],
          other: [{ type: 99, nested: false, netByteOrder: false, data: hex("01000000") }],
        },
      ],
      bitrates: [
        { rate: 1, shortPreamble: false },
        { rate: 5.5, shortPreamble: true },
      ],
      ht: { capabilities: 0x107e, ampduFactor: 3, maxAmpduLength: 65535, ampduDensity: 6 },
      interfaceTypeData: [],
      other: [],
    });
    expect(b5).toMatchObject({
      id: 1,
      band: "5ghz",
      frequencies: [{ frequency: 5180, channel: 36, maxTxPower: 23 }],
      vht: {
        capabilities: 0x038001b2,
        maxMpduLength: 11454,
        maxAmpduLength: 1048575,
        rxMcsMap: [9, 9, null, null, null, null, null, null],
        txMcsMap: [9, 9, null, null, null, null, null, null],
      },
      interfaceTypeData: [
        { interfaceTypes: ["station"], he: { mac: hex("010203040506"), phy: hex("0a0b"), mcsSet: hex("ff") }, he6ghzCapabilities: 0x3eff, other: [] },
      ],
    });
    expect(phy!.interfaceCombinations).toEqual([
      {
        limits: [
          { max: 2048, types: ["station"] },
          { max: 8, types: ["ap", "mesh-point"] },
        ],
        maxInterfaces: 2048,
        channels: 1,
        beaconIntervalsMatch: true,
        radarDetectWidths: 0x3f,
        beaconIntervalMinGcd: 100,
        other: [],
      },
    ]);
  });

  test("messages of several PHYs, interleaved, stay apart and sorted", () => {
    const m = new PhyMerger();
    m.add(new AttributeEncoder().u32(1, 1).string(2, "phy1").encode());
    m.add(new AttributeEncoder().u32(1, 0).string(2, "phy0").encode());
    m.add(new AttributeEncoder().u32(1, 1).u8(43, 9).encode());
    expect(m.phys().map((p) => [p.index, p.name, p.maxScanSsids])).toEqual([
      [0, "phy0", undefined],
      [1, "phy1", 9],
    ]);
  });

  test.each([
    ["no NL80211_ATTR_WIPHY", new AttributeEncoder().string(2, "phy0").encode(), /without NL80211_ATTR_WIPHY/],
    ["a cipher list of 6 bytes", new AttributeEncoder().u32(1, 0).bytes(57, hex("01ac0f000000")).encode(), /multiple of 4 bytes, has 6/],
    ["a u32 HT capability", new AttributeEncoder().u32(1, 0).nested(22, (b) => b.nested(0, (x) => x.u32(4, 1))).encode(), /attribute type 4: u16 needs 2 bytes, has 4/],
    ["a u16 frequency", new AttributeEncoder().u32(1, 0).nested(22, (b) => b.nested(0, (x) => x.nested(1, (f) => f.nested(0, (c) => c.u16(1, 2412))))).encode(), /attribute type 1: u32 needs 4 bytes, has 2/],
    ["a flag with a payload", new AttributeEncoder().u32(1, 0).nested(22, (b) => b.nested(0, (x) => x.nested(1, (f) => f.nested(0, (c) => c.u8(2, 1))))).encode(), /attribute type 2: flag needs 0 bytes, has 1/],
    ["a u8 limit max", new AttributeEncoder().u32(1, 0).nested(120, (c) => c.nested(1, (x) => x.nested(1, (l) => l.nested(1, (y) => y.u8(1, 1))))).encode(), /attribute type 1: u32 needs 4 bytes, has 1/],
  ])("%s → DecodeError", (_name, attrs, message) => {
    expect(() => parsePhys([attrs])).toThrow(DecodeError);
    expect(() => parsePhys([attrs])).toThrow(message);
  });
});

describe("VHT capabilities", () => {
  // mdlayher/wifi got the A-MPDU length wrong; it is 2^(13 + exponent) - 1 bytes (bits 23-25).
  test.each([
    [0, 8191],
    [1, 16383],
    [2, 32767],
    [3, 65535],
    [4, 131071],
    [5, 262143],
    [6, 524287],
    [7, 1048575],
  ])("A-MPDU exponent %i → %i bytes", (exp, bytes) => {
    expect(parseVhtCapabilities(exp << 23).maxAmpduLength).toBe(bytes);
    // other bits do not leak in
    expect(parseVhtCapabilities((exp << 23) | 0xfc7fffff).maxAmpduLength).toBe(bytes);
  });

  test.each([
    [0, 3895],
    [1, 7991],
    [2, 11454],
  ])("max MPDU code %i → %i bytes", (code, bytes) => {
    expect(parseVhtCapabilities(code).maxMpduLength).toBe(bytes);
  });
});

describe("frequencyToChannel", () => {
  test.each([
    [2412, 1],
    [2472, 13],
    [2484, 14],
    [5180, 36],
    [5825, 165],
    [4920, 184],
    [5935, 2],
    [5955, 1],
    [6415, 93],
    [58320, 1],
    [902, undefined],
  ])("%i MHz is channel %p", (mhz, channel) => {
    expect(frequencyToChannel(mhz)).toBe(channel);
  });
});
