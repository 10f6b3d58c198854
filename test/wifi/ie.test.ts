import { describe, expect, test } from "bun:test";
import { DecodeError, akmSuiteName, cipherSuiteName, parseInformationElements, splitElements } from "../../src/wifi/index.ts";
import { hex } from "./bytes.ts";

describe("parseInformationElements", () => {
  // A beacon's elements: what hostapd sends for a WPA2-PSK 802.11n AP, plus a few more to decode.
  const golden = hex(`
    00 0a 62756e6e65742d70736b           // SSID "bunnet-psk"
    01 08 82 84 8b 96 0c 12 18 24        // Supported Rates 1* 2* 5.5* 11* 6 9 12 18 (* basic)
    03 01 01                             // DS Parameter Set: channel 1
    07 06 555320 010b1e                  // Country "US", any environment; channels 1-11 at 30 dBm
    0b 05 0200 80 0000                   // BSS Load: 2 stations, utilization 128/255, capacity 0
    32 05 30 48 60 6c ff                 // Extended Supported Rates 24 36 48 54 + HT PHY selector (127|0x80)
    30 14 0100                           // RSN version 1
          000fac04                       //   group cipher CCMP
          0100 000fac04                  //   1 pairwise cipher: CCMP
          0100 000fac02                  //   1 AKM: PSK
          0c00                           //   RSN capabilities 0x000c
    3d 16 01 05 0600 0000                // HT Operation: primary 1, secondary above, any width; protection 2, non-GF
          00000000000000000000000000000000 // basic MCS set
    7f 08 0400400200000040               // Extended Capabilities: bits 2, 22, 25, 62
    c0 05 01 2a 00 fcff                  // VHT Operation: 80 MHz, segment 0 = 42, basic MCS map 0xfffc
    ff 07 24 f40100 01 fcff              // HE Operation (ext 36): PE 4, RTS threshold 31; color 1; MCS 0xfffc
    dd 16 0050f2 01                      // vendor 00:50:f2 type 1: WPA
          0100 0050f202                  //   version 1, group TKIP
          0100 0050f202                  //   1 pairwise: TKIP
          0100 0050f202                  //   1 AKM: PSK
    dd 07 0050f2 02 0001 00              // vendor 00:50:f2 type 2 (WMM), kept raw
    46 05 7200000000                     // RM Enabled Capabilities (70): not decoded, kept
  `);

  test("decodes every element it knows and keeps every element in order", () => {
    const ies = parseInformationElements(golden);
    expect(ies.elements.map((e) => e.extensionId ?? e.id)).toEqual([0, 1, 3, 7, 11, 50, 48, 61, 127, 192, 36, 221, 221, 70]);
    expect(ies.ssid).toBe("bunnet-psk");
    expect(ies.ssidBytes).toEqual(new TextEncoder().encode("bunnet-psk"));
    expect(ies.supportedRates).toEqual([
      { rate: 1, basic: true },
      { rate: 2, basic: true },
      { rate: 5.5, basic: true },
      { rate: 11, basic: true },
      { rate: 6, basic: false },
      { rate: 9, basic: false },
      { rate: 12, basic: false },
      { rate: 18, basic: false },
    ]);
    expect(ies.extendedSupportedRates).toEqual([24, 36, 48, 54].map((rate) => ({ rate, basic: false })));
    expect(ies.membershipSelectors).toEqual([127]);
    expect(ies.dsChannel).toBe(1);
    expect(ies.country).toEqual({ code: "US", environment: "any", triplets: [{ firstChannel: 1, channels: 11, maxTxPower: 30 }] });
    expect(ies.bssLoad).toEqual({ stationCount: 2, channelUtilization: 128, availableAdmissionCapacity: 0 });
    expect(ies.rsn).toEqual({
      version: 1,
      groupCipher: 0x000fac04,
      pairwiseCiphers: [0x000fac04],
      akmSuites: [0x000fac02],
      capabilities: 0x000c,
      pmkids: [],
    });
    expect(ies.htOperation).toEqual({
      primaryChannel: 1,
      secondaryChannelOffset: "above",
      staChannelWidth: "any",
      rifs: false,
      htProtection: 2,
      nonGreenfieldStationsPresent: true,
      obssNonHtStationsPresent: false,
      centerFrequencySegment2: 0,
      dualBeacon: false,
      dualCtsProtection: false,
      stbcBeacon: false,
      basicMcsSet: new Uint8Array(16),
    });
    expect(ies.extendedCapabilities).toEqual({ bytes: hex("0400400200000040"), bits: [2, 22, 25, 62] });
    expect(ies.vhtOperation).toEqual({ channelWidth: 1, centerFrequencySegment0: 42, centerFrequencySegment1: 0, basicMcsMap: 0xfffc });
    expect(ies.heOperation).toEqual({
      parameters: 0x0001f4,
      defaultPeDuration: 4,
      twtRequired: false,
      txopDurationRtsThreshold: 31,
      coHostedBss: false,
      erSuDisable: false,
      bssColor: 1,
      partialBssColor: false,
      bssColorDisabled: false,
      basicMcsNss: 0xfffc,
    });
    expect(ies.wpa).toEqual({ version: 1, groupCipher: 0x0050f202, pairwiseCiphers: [0x0050f202], akmSuites: [0x0050f202], pmkids: [] });
    expect(ies.vendor).toEqual([
      { oui: "00:50:f2", type: 1, data: hex("0100 0050f202 0100 0050f202 0100 0050f202") },
      { oui: "00:50:f2", type: 2, data: hex("0001 00") },
    ]);
    expect(ies.unknown).toEqual([{ id: 70, data: hex("7200000000") }]);
  });

  test("an RSN element with PMKIDs and a group management cipher", () => {
    const ies = parseInformationElements(hex(`
      30 2e 0100 000fac04 0100 000fac04 0200 000fac08 000fac02 c000 // SAE + PSK, MFP required|capable
            0100 00112233445566778899aabbccddeeff                    // 1 PMKID
            000fac06                                                 // group management: BIP-CMAC-128
    `));
    expect(ies.rsn).toEqual({
      version: 1,
      groupCipher: 0x000fac04,
      pairwiseCiphers: [0x000fac04],
      akmSuites: [0x000fac08, 0x000fac02],
      capabilities: 0x00c0,
      pmkids: [hex("00112233445566778899aabbccddeeff")],
      groupManagementCipher: 0x000fac06,
    });
  });

  test("an RSN element may end after any whole field", () => {
    expect(parseInformationElements(hex("30 02 0100")).rsn).toEqual({ version: 1, pairwiseCiphers: [], akmSuites: [], pmkids: [] });
    expect(parseInformationElements(hex("30 06 0100 000fac04")).rsn).toEqual({
      version: 1,
      groupCipher: 0x000fac04,
      pairwiseCiphers: [],
      akmSuites: [],
      pmkids: [],
    });
  });

  test("country operating triplets, environments and the pad byte", () => {
    const ies = parseInformationElements(hex("07 0a 444549 010d14 c90300 00")); // "DE", indoor
    expect(ies.country).toEqual({
      code: "DE",
      environment: "indoor",
      triplets: [
        { firstChannel: 1, channels: 13, maxTxPower: 20 },
        { operatingExtension: 201, operatingClass: 3, coverageClass: 0 },
      ],
    });
  });

  test("an HE Operation with VHT, co-hosted BSS and 6 GHz fields", () => {
    // params: bit 14 (VHT info), bit 15 (co-hosted), bit 17 (6 GHz info) = 0x02c000
    const ies = parseInformationElements(hex("ff 10 24 00c002 81 fcff 01 2a 00 05 05 01 07 0f 00"));
    expect(ies.heOperation).toMatchObject({
      bssColor: 1,
      bssColorDisabled: true,
      coHostedBss: true,
      vhtOperation: { channelWidth: 1, centerFrequencySegment0: 42, centerFrequencySegment1: 0 },
      maxCoHostedBssidIndicator: 5,
      sixGhzOperation: { primaryChannel: 5, control: 1, centerFrequencySegment0: 7, centerFrequencySegment1: 15, minimumRate: 0 },
    });
  });

  test("an empty list and an empty SSID (hidden network)", () => {
    expect(parseInformationElements(new Uint8Array(0))).toEqual({ elements: [], vendor: [], unknown: [] });
    expect(parseInformationElements(hex("00 00")).ssid).toBe("");
  });

  test.each([
    ["an element running past the end", "00 05 4142", /element 0 at offset 0: length 5 runs past the end \(2 bytes left\)/],
    ["a lone trailing byte", "03 01 01 07", /1 byte left, a header needs 2/],
    ["an extension element without its ID", "ff 00", /no element ID extension/],
    ["an empty DS Parameter Set", "03 00", /DS Parameter Set \(3\): needs 1 bytes, has 0/],
    ["a short Country", "07 02 5553", /Country \(7\): needs 3 bytes, has 2/],
    ["a short BSS Load", "0b 04 02008000", /BSS Load \(11\): needs 5 bytes, has 4/],
    ["a short HT Operation", "3d 05 0100000000", /HT Operation \(61\): needs 22 bytes, has 5/],
    ["a short VHT Operation", "c0 03 012a00", /VHT Operation \(192\): needs 5 bytes, has 3/],
    ["a short HE Operation", "ff 04 24 000000", /HE Operation \(255\/36\): needs 6 bytes, has 3/],
    ["an HE Operation missing its VHT fields", "ff 07 24 004000 01 fcff", /optional fields: needs 9 bytes, has 6/],
    ["an RSN cut inside the group cipher", "30 04 0100 000f", /RSN \(48\) group cipher: needs 6 bytes, has 4/],
    ["an RSN pairwise count past the end", "30 0c 0100 000fac04 0300 000fac04", /RSN \(48\) pairwise cipher list of 3: needs 20 bytes, has 12/],
    ["an RSN PMKID list past the end", "30 16 0100 000fac04 0100 000fac04 0100 000fac02 0000 0100", /PMKID list of 1: needs 38 bytes, has 22/],
    ["a one-byte RSN", "30 01 01", /RSN \(48\): needs 2 bytes, has 1/],
    ["a short WPA element", "dd 05 0050f201 01", /WPA \(221\): needs 2 bytes, has 1/],
    ["a short vendor element", "dd 02 0050", /Vendor Specific \(221\): needs 3 bytes, has 2/],
  ])("%s → DecodeError", (_name, bytes, message) => {
    expect(() => parseInformationElements(hex(bytes))).toThrow(DecodeError);
    expect(() => parseInformationElements(hex(bytes))).toThrow(message);
  });

  test("splitElements keeps an extension element's ID apart from its body", () => {
    expect(splitElements(hex("ff 03 23 0102"))).toEqual([{ id: 255, extensionId: 35, data: hex("0102") }]);
  });
});

describe("suite names", () => {
  test.each([
    [0x000fac01, "WEP-40"],
    [0x000fac02, "TKIP"],
    [0x000fac04, "CCMP"],
    [0x000fac05, "WEP-104"],
    [0x000fac06, "AES-128-CMAC"],
    [0x000fac08, "GCMP-128"],
    [0x000fac09, "GCMP-256"],
    [0x000fac0a, "CCMP-256"],
    [0x0050f204, "CCMP"],
    [0x00147201, "00:14:72:1"],
  ])("cipher 0x%s is %s", (suite, name) => {
    expect(cipherSuiteName(suite)).toBe(name);
  });

  test.each([
    [0x000fac01, "IEEE 802.1X"],
    [0x000fac02, "PSK"],
    [0x000fac06, "PSK/SHA-256"],
    [0x000fac08, "SAE"],
    [0x000fac12, "OWE"],
    [0x0050f202, "PSK"],
    [0x000fac63, "00:0f:ac:99"],
  ])("AKM 0x%s is %s", (suite, name) => {
    expect(akmSuiteName(suite)).toBe(name);
  });
});
