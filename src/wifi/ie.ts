import { DecodeError } from "../netlink/errors.ts";

/**
 * Information elements (IEEE 802.11-2020 §9.4.2): the TLVs in beacons and probe responses that
 * NL80211_BSS_INFORMATION_ELEMENTS and NL80211_BSS_BEACON_IES carry.
 */

/** Element IDs this module decodes (IEEE 802.11 Table 9-92). */
export const WLAN_EID_SSID = 0;
export const WLAN_EID_SUPP_RATES = 1;
export const WLAN_EID_DS_PARAMS = 3;
export const WLAN_EID_COUNTRY = 7;
export const WLAN_EID_BSS_LOAD = 11;
export const WLAN_EID_RSN = 48;
export const WLAN_EID_EXT_SUPP_RATES = 50;
export const WLAN_EID_HT_OPERATION = 61;
export const WLAN_EID_EXT_CAPABILITY = 127;
export const WLAN_EID_VHT_OPERATION = 192;
export const WLAN_EID_VENDOR_SPECIFIC = 221;
export const WLAN_EID_EXTENSION = 255;
/** Element ID extension of the HE Operation element. */
export const WLAN_EID_EXT_HE_OPERATION = 36;

/** The Microsoft OUI that WPA (version 1) and WMM use in vendor elements. */
const OUI_MICROSOFT = 0x0050f2;
const WPA_OUI_TYPE = 1;

/** An Element is one information element as it came: its ID, its extension ID (for ID 255) and body. */
export interface Element {
  id: number;
  /** For WLAN_EID_EXTENSION (255): the first body byte. */
  extensionId?: number;
  /** The body after the ID, length (and extension ID) bytes. */
  data: Uint8Array;
}

/** A Rate is one entry of a Supported Rates element, in Mbit/s; `basic` when the AP requires it. */
export interface Rate {
  rate: number;
  basic: boolean;
}

/** A Country element subband triplet: channels from `firstChannel` and their maximum power (dBm). */
export interface CountrySubband {
  firstChannel: number;
  channels: number;
  maxTxPower: number;
}

/** A Country element operating triplet (first byte ≥ 201). */
export interface CountryOperatingTriplet {
  operatingExtension: number;
  operatingClass: number;
  coverageClass: number;
}

/** The Country element: code, environment ("any", "indoor", "outdoor", "noncountry") and triplets. */
export interface Country {
  code: string;
  environment: "any" | "indoor" | "outdoor" | "noncountry" | number;
  triplets: (CountrySubband | CountryOperatingTriplet)[];
}

/** The BSS Load element. */
export interface BssLoad {
  stationCount: number;
  /** Channel busy fraction scaled to 0..255. */
  channelUtilization: number;
  /** In units of 32 µs per second. */
  availableAdmissionCapacity: number;
}

/** The HT Operation element (802.11n). */
export interface HtOperation {
  primaryChannel: number;
  /** Where the secondary 20 MHz channel is. */
  secondaryChannelOffset: "none" | "above" | "below" | number;
  /** "any": the AP may use a 40 MHz channel. */
  staChannelWidth: "20" | "any";
  rifs: boolean;
  /** HT protection mode 0..3 (none, non-member, 20 MHz, non-HT mixed). */
  htProtection: number;
  nonGreenfieldStationsPresent: boolean;
  obssNonHtStationsPresent: boolean;
  centerFrequencySegment2: number;
  dualBeacon: boolean;
  dualCtsProtection: boolean;
  stbcBeacon: boolean;
  /** The 16-byte basic HT-MCS set. */
  basicMcsSet: Uint8Array;
}

/** The VHT Operation element (802.11ac). */
export interface VhtOperation {
  /** 0: 20 or 40 MHz, 1: 80, 160 or 80+80 MHz, 2: 160 MHz (deprecated), 3: 80+80 (deprecated). */
  channelWidth: number;
  centerFrequencySegment0: number;
  centerFrequencySegment1: number;
  basicMcsMap: number;
}

/** The HE Operation element (802.11ax, element ID extension 36). */
export interface HeOperation {
  /** The 24-bit HE Operation Parameters field. */
  parameters: number;
  defaultPeDuration: number;
  twtRequired: boolean;
  txopDurationRtsThreshold: number;
  coHostedBss: boolean;
  erSuDisable: boolean;
  bssColor: number;
  partialBssColor: boolean;
  bssColorDisabled: boolean;
  basicMcsNss: number;
  vhtOperation?: { channelWidth: number; centerFrequencySegment0: number; centerFrequencySegment1: number };
  maxCoHostedBssidIndicator?: number;
  sixGhzOperation?: {
    primaryChannel: number;
    control: number;
    centerFrequencySegment0: number;
    centerFrequencySegment1: number;
    minimumRate: number;
  };
}

/**
 * Security is an RSN element or a WPA vendor element. Suites are 32-bit selectors, OUI in the top
 * 24 bits: 0x000fac04 is CCMP in RSN, 0x0050f202 TKIP in WPA (name them with cipherSuiteName and
 * akmSuiteName). Fields absent from a short element are absent here.
 */
export interface Security {
  version: number;
  groupCipher?: number;
  pairwiseCiphers: number[];
  akmSuites: number[];
  /** RSN Capabilities (RSN only). */
  capabilities?: number;
  pmkids: Uint8Array[];
  groupManagementCipher?: number;
}

/** A vendor-specific element: its OUI ("00:50:f2"), the OUI type byte when present, and the rest. */
export interface VendorElement {
  oui: string;
  type?: number;
  data: Uint8Array;
}

/**
 * InformationElements is a parsed element list: `elements` has every element in order (so nothing
 * is lost), the named fields the decoded form of those this module knows, `unknown` the rest.
 */
export interface InformationElements {
  elements: Element[];
  ssid?: string;
  /** The SSID as sent: SSIDs are bytes and need not be UTF-8. */
  ssidBytes?: Uint8Array;
  supportedRates?: Rate[];
  extendedSupportedRates?: Rate[];
  /** BSS membership selectors found among the rates (127: HT PHY, 126: VHT PHY, 123: SAE H2E…). */
  membershipSelectors?: number[];
  /** DS Parameter Set: the current channel. */
  dsChannel?: number;
  country?: Country;
  bssLoad?: BssLoad;
  htOperation?: HtOperation;
  vhtOperation?: VhtOperation;
  heOperation?: HeOperation;
  rsn?: Security;
  /** WPA (version 1) from the 00:50:f2 type 1 vendor element. */
  wpa?: Security;
  /** Extended Capabilities: the raw bytes and the numbers of the bits that are set. */
  extendedCapabilities?: { bytes: Uint8Array; bits: number[] };
  vendor: VendorElement[];
  unknown: Element[];
}

const textDecoder = new TextDecoder();

function short(what: string, need: number, has: number): DecodeError {
  return new DecodeError(`information element ${what}: needs ${need} bytes, has ${has}`);
}

/** Split an element list into Elements. DecodeError when an element runs past the end. */
export function splitElements(bytes: Uint8Array): Element[] {
  const out: Element[] = [];
  let off = 0;
  while (off < bytes.length) {
    if (bytes.length - off < 2) {
      throw new DecodeError(`information element at offset ${off}: 1 byte left, a header needs 2`);
    }
    const id = bytes[off]!;
    const len = bytes[off + 1]!;
    if (off + 2 + len > bytes.length) {
      throw new DecodeError(
        `information element ${id} at offset ${off}: length ${len} runs past the end (${bytes.length - off - 2} bytes left)`,
      );
    }
    const body = bytes.subarray(off + 2, off + 2 + len);
    if (id === WLAN_EID_EXTENSION) {
      if (len < 1) throw new DecodeError(`information element 255 at offset ${off}: no element ID extension`);
      out.push({ id, extensionId: body[0]!, data: body.subarray(1) });
    } else out.push({ id, data: body });
    off += 2 + len;
  }
  return out;
}

/**
 * Parse an information element list. Throws DecodeError for broken framing or a known element too
 * short for its fixed fields; unknown elements are kept in `unknown` and `elements`.
 */
export function parseInformationElements(bytes: Uint8Array): InformationElements {
  const elements = splitElements(bytes);
  const ies: InformationElements = { elements, vendor: [], unknown: [] };
  for (const e of elements) {
    const d = e.data;
    switch (e.id) {
      case WLAN_EID_SSID:
        ies.ssidBytes = d.slice();
        ies.ssid = textDecoder.decode(d);
        break;
      case WLAN_EID_SUPP_RATES:
        ies.supportedRates = parseRates(d, ies);
        break;
      case WLAN_EID_EXT_SUPP_RATES:
        ies.extendedSupportedRates = parseRates(d, ies);
        break;
      case WLAN_EID_DS_PARAMS:
        if (d.length < 1) throw short("DS Parameter Set (3)", 1, d.length);
        ies.dsChannel = d[0]!;
        break;
      case WLAN_EID_COUNTRY:
        ies.country = parseCountry(d);
        break;
      case WLAN_EID_BSS_LOAD:
        ies.bssLoad = parseBssLoad(d);
        break;
      case WLAN_EID_HT_OPERATION:
        ies.htOperation = parseHtOperation(d);
        break;
      case WLAN_EID_VHT_OPERATION:
        if (d.length < 5) throw short("VHT Operation (192)", 5, d.length);
        ies.vhtOperation = {
          channelWidth: d[0]!,
          centerFrequencySegment0: d[1]!,
          centerFrequencySegment1: d[2]!,
          basicMcsMap: d[3]! | (d[4]! << 8),
        };
        break;
      case WLAN_EID_RSN:
        ies.rsn = parseSecurity(d, "RSN (48)", true);
        break;
      case WLAN_EID_EXT_CAPABILITY: {
        const bits: number[] = [];
        for (let i = 0; i < d.length * 8; i++) if (d[i >> 3]! & (1 << (i & 7))) bits.push(i);
        ies.extendedCapabilities = { bytes: d.slice(), bits };
        break;
      }
      case WLAN_EID_VENDOR_SPECIFIC: {
        if (d.length < 3) throw short("Vendor Specific (221)", 3, d.length);
        const oui = (d[0]! << 16) | (d[1]! << 8) | d[2]!;
        const v: VendorElement = { oui: hex(d.subarray(0, 3)), data: d.slice(3) };
        if (d.length >= 4) {
          v.type = d[3]!;
          v.data = d.slice(4);
        }
        ies.vendor.push(v);
        if (oui === OUI_MICROSOFT && v.type === WPA_OUI_TYPE) ies.wpa = parseSecurity(d.subarray(4), "WPA (221)", false);
        break;
      }
      case WLAN_EID_EXTENSION:
        if (e.extensionId === WLAN_EID_EXT_HE_OPERATION) ies.heOperation = parseHeOperation(d);
        else ies.unknown.push(e);
        break;
      default:
        ies.unknown.push(e);
    }
  }
  return ies;
}

function hex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join(":");
}

function parseRates(d: Uint8Array, ies: InformationElements): Rate[] {
  const rates: Rate[] = [];
  for (const b of d) {
    const value = b & 0x7f;
    // Values 122..127 with the basic bit are BSS membership selectors, not rates.
    if (b & 0x80 && value >= 122) (ies.membershipSelectors ??= []).push(value);
    else rates.push({ rate: value / 2, basic: (b & 0x80) !== 0 });
  }
  return rates;
}

const ENVIRONMENTS: Record<number, Country["environment"]> = { 0x20: "any", 0x49: "indoor", 0x4f: "outdoor", 0x58: "noncountry" };

function parseCountry(d: Uint8Array): Country {
  if (d.length < 3) throw short("Country (7)", 3, d.length);
  const c: Country = {
    code: String.fromCharCode(d[0]!, d[1]!),
    environment: ENVIRONMENTS[d[2]!] ?? d[2]!,
    triplets: [],
  };
  // A trailing single pad byte keeps the element length even.
  for (let off = 3; off + 3 <= d.length; off += 3) {
    const a = d[off]!;
    const b = d[off + 1]!;
    const x = d[off + 2]!;
    if (a >= 201) c.triplets.push({ operatingExtension: a, operatingClass: b, coverageClass: x });
    else c.triplets.push({ firstChannel: a, channels: b, maxTxPower: x > 127 ? x - 256 : x });
  }
  return c;
}

function parseBssLoad(d: Uint8Array): BssLoad {
  if (d.length < 5) throw short("BSS Load (11)", 5, d.length);
  return { stationCount: d[0]! | (d[1]! << 8), channelUtilization: d[2]!, availableAdmissionCapacity: d[3]! | (d[4]! << 8) };
}

const SECONDARY_OFFSETS = ["none", "above", 2, "below"] as const;

function parseHtOperation(d: Uint8Array): HtOperation {
  if (d.length < 22) throw short("HT Operation (61)", 22, d.length);
  const info1 = d[1]!;
  const info2 = d[2]! | (d[3]! << 8);
  const info3 = d[4]! | (d[5]! << 8);
  return {
    primaryChannel: d[0]!,
    secondaryChannelOffset: SECONDARY_OFFSETS[info1 & 3]!,
    staChannelWidth: info1 & 4 ? "any" : "20",
    rifs: (info1 & 8) !== 0,
    htProtection: info2 & 3,
    nonGreenfieldStationsPresent: (info2 & 4) !== 0,
    obssNonHtStationsPresent: (info2 & 0x10) !== 0,
    centerFrequencySegment2: (info2 >> 5) & 0xff,
    dualBeacon: (info3 & 0x40) !== 0,
    dualCtsProtection: (info3 & 0x80) !== 0,
    stbcBeacon: (info3 & 0x100) !== 0,
    basicMcsSet: d.slice(6, 22),
  };
}

function parseHeOperation(d: Uint8Array): HeOperation {
  if (d.length < 6) throw short("HE Operation (255/36)", 6, d.length);
  const params = d[0]! | (d[1]! << 8) | (d[2]! << 16);
  const color = d[3]!;
  const he: HeOperation = {
    parameters: params,
    defaultPeDuration: params & 7,
    twtRequired: (params & 8) !== 0,
    txopDurationRtsThreshold: (params >> 4) & 0x3ff,
    coHostedBss: (params & (1 << 15)) !== 0,
    erSuDisable: (params & (1 << 16)) !== 0,
    bssColor: color & 0x3f,
    partialBssColor: (color & 0x40) !== 0,
    bssColorDisabled: (color & 0x80) !== 0,
    basicMcsNss: d[4]! | (d[5]! << 8),
  };
  let off = 6;
  const need = (n: number) => {
    if (off + n > d.length) throw short("HE Operation (255/36) optional fields", off + n, d.length);
  };
  if (params & (1 << 14)) {
    need(3);
    he.vhtOperation = { channelWidth: d[off]!, centerFrequencySegment0: d[off + 1]!, centerFrequencySegment1: d[off + 2]! };
    off += 3;
  }
  if (he.coHostedBss) {
    need(1);
    he.maxCoHostedBssidIndicator = d[off]!;
    off += 1;
  }
  if (params & (1 << 17)) {
    need(5);
    he.sixGhzOperation = {
      primaryChannel: d[off]!,
      control: d[off + 1]!,
      centerFrequencySegment0: d[off + 2]!,
      centerFrequencySegment1: d[off + 3]!,
      minimumRate: d[off + 4]!,
    };
  }
  return he;
}

/** RSN and WPA share a layout: version, group suite, counted pairwise and AKM lists, then RSN extras. */
function parseSecurity(d: Uint8Array, what: string, rsn: boolean): Security {
  if (d.length < 2) throw short(what, 2, d.length);
  const s: Security = { version: d[0]! | (d[1]! << 8), pairwiseCiphers: [], akmSuites: [], pmkids: [] };
  let off = 2;
  const suite = () => ((d[off]! << 24) | (d[off + 1]! << 16) | (d[off + 2]! << 8) | d[off + 3]!) >>> 0;
  const list = (field: string): number[] => {
    if (off + 2 > d.length) throw short(`${what} ${field} count`, off + 2, d.length);
    const n = d[off]! | (d[off + 1]! << 8);
    off += 2;
    if (off + 4 * n > d.length) throw short(`${what} ${field} list of ${n}`, off + 4 * n, d.length);
    const out: number[] = [];
    for (let i = 0; i < n; i++, off += 4) out.push(suite());
    return out;
  };
  // Every field after the version is optional, but only whole: the element may end between fields.
  if (off >= d.length) return s;
  if (off + 4 > d.length) throw short(`${what} group cipher`, off + 4, d.length);
  s.groupCipher = suite();
  off += 4;
  if (off >= d.length) return s;
  s.pairwiseCiphers = list("pairwise cipher");
  if (off >= d.length) return s;
  s.akmSuites = list("AKM suite");
  if (!rsn || off >= d.length) return s;
  if (off + 2 > d.length) throw short(`${what} capabilities`, off + 2, d.length);
  s.capabilities = d[off]! | (d[off + 1]! << 8);
  off += 2;
  if (off >= d.length) return s;
  if (off + 2 > d.length) throw short(`${what} PMKID count`, off + 2, d.length);
  const n = d[off]! | (d[off + 1]! << 8);
  off += 2;
  if (off + 16 * n > d.length) throw short(`${what} PMKID list of ${n}`, off + 16 * n, d.length);
  for (let i = 0; i < n; i++, off += 16) s.pmkids.push(d.slice(off, off + 16));
  if (off >= d.length) return s;
  if (off + 4 > d.length) throw short(`${what} group management cipher`, off + 4, d.length);
  s.groupManagementCipher = suite();
  return s;
}

const CIPHERS: Record<number, string> = {
  0: "Use group cipher suite",
  1: "WEP-40",
  2: "TKIP",
  4: "CCMP",
  5: "WEP-104",
  6: "AES-128-CMAC",
  7: "NO-GROUP",
  8: "GCMP-128",
  9: "GCMP-256",
  10: "CCMP-256",
  11: "AES-128-GMAC",
  12: "AES-256-GMAC",
  13: "AES-256-CMAC",
};

const AKMS: Record<number, string> = {
  1: "IEEE 802.1X",
  2: "PSK",
  3: "FT/IEEE 802.1X",
  4: "FT/PSK",
  5: "IEEE 802.1X/SHA-256",
  6: "PSK/SHA-256",
  7: "TDLS/TPK",
  8: "SAE",
  9: "FT/SAE",
  11: "IEEE 802.1X/SUITE-B",
  12: "IEEE 802.1X/SUITE-B-192",
  13: "FT/IEEE 802.1X/SHA-384",
  14: "FILS/SHA-256",
  15: "FILS/SHA-384",
  16: "FT/FILS/SHA-256",
  17: "FT/FILS/SHA-384",
  18: "OWE",
  24: "SAE-EXT-KEY",
};

const OUI_IEEE = 0x000fac;

function suiteName(suite: number, names: Record<number, string>): string {
  const oui = suite >>> 8;
  const type = suite & 0xff;
  if ((oui === OUI_IEEE || oui === OUI_MICROSOFT) && names[type] !== undefined) return names[type];
  return `${hex(Uint8Array.of(oui >> 16, (oui >> 8) & 0xff, oui & 0xff))}:${type}`;
}

/**
 * Name a cipher suite selector as iw does ("CCMP" for 0x000fac04, also for WPA's 0x0050f204);
 * unknown ones as "oo:uu:ii:type". NL80211_ATTR_CIPHER_SUITES uses the same numbers.
 */
export function cipherSuiteName(suite: number): string {
  return suiteName(suite, CIPHERS);
}

/** Name an AKM suite selector as iw does ("PSK" for 0x000fac02, "SAE" for 0x000fac08…). */
export function akmSuiteName(suite: number): string {
  return suiteName(suite, AKMS);
}
