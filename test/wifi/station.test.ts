import { describe, expect, test } from "bun:test";
import { AttributeEncoder } from "../../src/netlink/index.ts";
import { DecodeError, parseRateInfo, parseStation } from "../../src/wifi/index.ts";
import { hex } from "./bytes.ts";

describe("parseStation", () => {
  // NL80211_CMD_NEW_STATION as a client sees its AP (values as mac80211_hwsim reports them).
  const golden = hex(`
    0800 0300 03000000            // NL80211_ATTR_IFINDEX 3
    0a00 0600 020000000000 0000   // NL80211_ATTR_MAC 02:00:00:00:00:00 + 2 pad
    0800 2e00 01000000            // NL80211_ATTR_GENERATION 1
    fc00 1500                     // NL80211_ATTR_STA_INFO, 252 bytes
      0800 0100 40030000          //   NL80211_STA_INFO_INACTIVE_TIME 832 ms
      0800 1000 08000000          //   NL80211_STA_INFO_CONNECTED_TIME 8 s
      0800 0200 1c3b0000          //   NL80211_STA_INFO_RX_BYTES 15132 (32-bit copy)
      0c00 1700 1c3b000000000000  //   NL80211_STA_INFO_RX_BYTES64 15132
      0c00 1800 0000000001000000  //   NL80211_STA_INFO_TX_BYTES64 2^32 (past the 32-bit counter)
      0800 0900 a0000000          //   NL80211_STA_INFO_RX_PACKETS 160
      0800 0a00 0c000000          //   NL80211_STA_INFO_TX_PACKETS 12
      0800 0b00 02000000          //   NL80211_STA_INFO_TX_RETRIES 2
      0800 0c00 01000000          //   NL80211_STA_INFO_TX_FAILED 1
      0800 1200 03000000          //   NL80211_STA_INFO_BEACON_LOSS 3
      0c00 1d00 4600000000000000  //   NL80211_STA_INFO_BEACON_RX 70
      0c00 1c00 0700000000000000  //   NL80211_STA_INFO_RX_DROP_MISC 7
      0500 0700 ec 000000         //   NL80211_STA_INFO_SIGNAL -20 dBm
      0500 0d00 eb 000000         //   NL80211_STA_INFO_SIGNAL_AVG -21 dBm
      0500 1e00 ea 000000         //   NL80211_STA_INFO_BEACON_SIGNAL_AVG -22 dBm
      1400 1900                   //   NL80211_STA_INFO_CHAIN_SIGNAL
        0500 0000 ec 000000       //     chain 0: -20
        0500 0100 e2 000000       //     chain 1: -30
      0800 1b00 44190000          //   NL80211_STA_INFO_EXPECTED_THROUGHPUT 6468 kbit/s
      1400 0800                   //   NL80211_STA_INFO_TX_BITRATE
        0600 0100 8200 0000       //     NL80211_RATE_INFO_BITRATE 130 (×100 kbit/s) + pad
        0500 0200 01 000000       //     NL80211_RATE_INFO_MCS 1
      1000 0e00                   //   NL80211_STA_INFO_RX_BITRATE
        0800 0500 0a000000        //     NL80211_RATE_INFO_BITRATE32 10
        0400 0300                 //     NL80211_RATE_INFO_40_MHZ_WIDTH
      0c00 1100 ed000000 a5000000 //   NL80211_STA_INFO_STA_FLAGS mask 0xed, set 0xa5
      1c00 0f00                   //   NL80211_STA_INFO_BSS_PARAM
        0400 0300                 //     NL80211_STA_BSS_PARAM_SHORT_SLOT_TIME
        0500 0400 02 000000       //     NL80211_STA_BSS_PARAM_DTIM_PERIOD 2
        0600 0500 6400 0000       //     NL80211_STA_BSS_PARAM_BEACON_INTERVAL 100 TU
        0400 0100                 //     NL80211_STA_BSS_PARAM_CTS_PROT
      0800 1f00 01020304          //   NL80211_STA_INFO_TID_STATS (31): unknown here, kept
  `);

  test("decodes the golden station field by field", () => {
    expect(parseStation(golden)).toEqual({
      interfaceIndex: 3,
      mac: "02:00:00:00:00:00",
      generation: 1,
      inactiveTime: 832,
      connectedTime: 8,
      rxBytes: 15132n,
      txBytes: 1n << 32n,
      rxPackets: 160,
      txPackets: 12,
      txRetries: 2,
      txFailed: 1,
      beaconLoss: 3,
      beaconRx: 70n,
      rxDropMisc: 7n,
      signal: -20,
      signalAverage: -21,
      beaconSignalAverage: -22,
      chainSignal: [-20, -30],
      expectedThroughput: 6468,
      txBitrate: {
        bitrate: 13_000_000,
        mode: "ht",
        mcs: 1,
        nss: 1,
        ht: { mcs: 1 },
        guardInterval: 0.8,
        width: 20,
        shortGuardInterval: false,
        other: [],
      },
      rxBitrate: { bitrate: 1_000_000, mode: "legacy", guardInterval: 0.8, width: 40, shortGuardInterval: false, other: [] },
      // mask 0xed: bits 2 (SHORT_PREAMBLE), 3 (WME), 5 (AUTHENTICATED), 6 (TDLS_PEER), 7 (ASSOCIATED)
      // are known (bit 0 is unused); set 0xa5: bits 2, 5 and 7.
      flags: { shortPreamble: true, wmm: false, authenticated: true, tdlsPeer: false, associated: true },
      bssParameters: { ctsProtection: true, shortPreamble: false, shortSlotTime: true, dtimPeriod: 2, beaconInterval: 100, other: [] },
      other: [],
      otherInfo: [{ type: 31, nested: false, netByteOrder: false, data: hex("01020304") }],
    });
  });

  test("only the 32-bit byte counters: widened to bigint", () => {
    const attrs = new AttributeEncoder()
      .bytes(6, hex("020000000001"))
      .nested(21, (e) => e.u32(2, 0xffffffff).u32(3, 5))
      .encode();
    const s = parseStation(attrs);
    expect(s.rxBytes).toBe(0xffffffffn);
    expect(s.txBytes).toBe(5n);
  });

  test("every flag of the mask is reported, set or not", () => {
    // mask: bits 1..7 (all flags), set: AUTHORIZED(1) | WME(3) | MFP(4)
    const attrs = new AttributeEncoder().bytes(6, hex("020000000001")).nested(21, (e) => e.bytes(17, hex("fe000000 1a000000"))).encode();
    expect(parseStation(attrs).flags).toEqual({
      authorized: true,
      shortPreamble: false,
      wmm: true,
      mfp: true,
      authenticated: false,
      tdlsPeer: false,
      associated: false,
    });
  });

  test.each([
    ["STA_INFO_SIGNAL of 4 bytes", (e: AttributeEncoder) => e.u32(7, 1), /attribute type 7: s8 needs 1 bytes, has 4/],
    ["STA_INFO_RX_BYTES64 of 4 bytes", (e: AttributeEncoder) => e.u32(23, 1), /attribute type 23: u64 needs 8 bytes, has 4/],
    ["STA_INFO_STA_FLAGS of 4 bytes", (e: AttributeEncoder) => e.u32(17, 1), /nl80211_sta_flag_update needs 8 bytes, has 4/],
    ["a rate MCS of 2 bytes", (e: AttributeEncoder) => e.nested(8, (r) => r.u16(2, 1)), /attribute type 2: u8 needs 1 bytes, has 2/],
    ["a chain signal of 2 bytes", (e: AttributeEncoder) => e.nested(25, (r) => r.u16(0, 1)), /attribute type 0: s8 needs 1 bytes, has 2/],
    ["BSS_PARAM_BEACON_INTERVAL of 1 byte", (e: AttributeEncoder) => e.nested(15, (r) => r.u8(5, 1)), /attribute type 5: u16 needs 2 bytes, has 1/],
    ["a flag with a payload", (e: AttributeEncoder) => e.nested(15, (r) => r.u8(1, 1)), /attribute type 1: flag needs 0 bytes, has 1/],
  ])("%s → DecodeError naming the attribute", (_name, fill, message) => {
    const attrs = new AttributeEncoder().bytes(6, hex("020000000001")).nested(21, fill).encode();
    expect(() => parseStation(attrs)).toThrow(DecodeError);
    expect(() => parseStation(attrs)).toThrow(message);
  });

  test("a station without NL80211_ATTR_MAC → DecodeError", () => {
    expect(() => parseStation(hex("0800 0300 03000000"))).toThrow(/without NL80211_ATTR_MAC/);
  });
});

describe("parseRateInfo", () => {
  const base = { guardInterval: 0.8, width: 20, shortGuardInterval: false, other: [] };
  test.each([
    ["legacy 1 Mbit/s", (e: AttributeEncoder) => e.u16(1, 10).u32(5, 10), { ...base, mode: "legacy", bitrate: 1_000_000 }],
    [
      "HT MCS 15, short GI, 40 MHz (two streams)",
      (e: AttributeEncoder) => e.u32(5, 3000).u8(2, 15).flag(4).flag(3),
      { ...base, mode: "ht", bitrate: 300_000_000, mcs: 15, nss: 2, ht: { mcs: 15 }, guardInterval: 0.4, shortGuardInterval: true, width: 40 },
    ],
    [
      "VHT MCS 9 NSS 2 at 80 MHz",
      (e: AttributeEncoder) => e.u32(5, 8667).u8(6, 9).u8(7, 2).flag(8),
      { ...base, mode: "vht", bitrate: 866_700_000, mcs: 9, nss: 2, vht: { mcs: 9, nss: 2 }, width: 80 },
    ],
    [
      "VHT at 80+80 MHz",
      (e: AttributeEncoder) => e.u8(6, 0).u8(7, 1).flag(9),
      { ...base, mode: "vht", mcs: 0, nss: 1, vht: { mcs: 0, nss: 1 }, width: 160, width80p80: true },
    ],
    [
      "HE MCS 11 NSS 2, GI 1.6, DCM, RU 242, 160 MHz",
      (e: AttributeEncoder) => e.u32(5, 24019).u8(13, 11).u8(14, 2).u8(15, 1).u8(16, 1).u8(17, 3).flag(10),
      { ...base, mode: "he", bitrate: 2_401_900_000, mcs: 11, nss: 2, guardInterval: 1.6, width: 160, he: { mcs: 11, nss: 2, guardInterval: 1.6, dcm: 1, ruAllocation: "242" } },
    ],
    [
      "EHT MCS 13 NSS 4, GI 3.2, RU 4x996, 320 MHz",
      (e: AttributeEncoder) => e.u8(19, 13).u8(20, 4).u8(21, 2).u8(22, 15).flag(18),
      { ...base, mode: "eht", mcs: 13, nss: 4, guardInterval: 3.2, width: 320, eht: { mcs: 13, nss: 4, guardInterval: 3.2, ruAllocation: "4x996" } },
    ],
    ["5 MHz", (e: AttributeEncoder) => e.flag(12), { ...base, mode: "legacy", width: 5 }],
    ["10 MHz", (e: AttributeEncoder) => e.flag(11), { ...base, mode: "legacy", width: 10 }],
    [
      "an unknown rate attribute is kept",
      (e: AttributeEncoder) => e.u8(99, 7),
      { ...base, mode: "legacy", other: [{ type: 99, nested: false, netByteOrder: false, data: Uint8Array.of(7) }] },
    ],
  ])("%s", (_name, fill, expected) => {
    const e = new AttributeEncoder();
    fill(e);
    expect(parseRateInfo(e.encode())).toEqual(expected as never);
  });
});
