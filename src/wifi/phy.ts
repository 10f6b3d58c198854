import { AttributeDecoder, type RawAttribute } from "../netlink/attribute.ts";
import { DecodeError } from "../netlink/errors.ts";
import {
  NL80211_ATTR_CIPHER_SUITES,
  NL80211_ATTR_EXT_FEATURES,
  NL80211_ATTR_FEATURE_FLAGS,
  NL80211_ATTR_GENERATION,
  NL80211_ATTR_INTERFACE_COMBINATIONS,
  NL80211_ATTR_MAX_AP_ASSOC_STA,
  NL80211_ATTR_MAX_MATCH_SETS,
  NL80211_ATTR_MAX_NUM_SCAN_SSIDS,
  NL80211_ATTR_MAX_NUM_SCHED_SCAN_SSIDS,
  NL80211_ATTR_MAX_REMAIN_ON_CHANNEL_DURATION,
  NL80211_ATTR_MAX_SCAN_IE_LEN,
  NL80211_ATTR_MAX_SCHED_SCAN_IE_LEN,
  NL80211_ATTR_ROAM_SUPPORT,
  NL80211_ATTR_SOFTWARE_IFTYPES,
  NL80211_ATTR_SUPPORTED_COMMANDS,
  NL80211_ATTR_SUPPORTED_IFTYPES,
  NL80211_ATTR_SUPPORT_AP_UAPSD,
  NL80211_ATTR_SUPPORT_IBSS_RSN,
  NL80211_ATTR_TDLS_EXTERNAL_SETUP,
  NL80211_ATTR_TDLS_SUPPORT,
  NL80211_ATTR_WIPHY,
  NL80211_ATTR_WIPHY_ANTENNA_AVAIL_RX,
  NL80211_ATTR_WIPHY_ANTENNA_AVAIL_TX,
  NL80211_ATTR_WIPHY_ANTENNA_RX,
  NL80211_ATTR_WIPHY_ANTENNA_TX,
  NL80211_ATTR_WIPHY_BANDS,
  NL80211_ATTR_WIPHY_COVERAGE_CLASS,
  NL80211_ATTR_WIPHY_FRAG_THRESHOLD,
  NL80211_ATTR_WIPHY_NAME,
  NL80211_ATTR_WIPHY_RETRY_LONG,
  NL80211_ATTR_WIPHY_RETRY_SHORT,
  NL80211_ATTR_WIPHY_RTS_THRESHOLD,
  NL80211_ATTR_WIPHY_SELF_MANAGED_REG,
  NL80211_BAND_ATTR_FREQS,
  NL80211_BAND_ATTR_HT_AMPDU_DENSITY,
  NL80211_BAND_ATTR_HT_AMPDU_FACTOR,
  NL80211_BAND_ATTR_HT_CAPA,
  NL80211_BAND_ATTR_HT_MCS_SET,
  NL80211_BAND_ATTR_IFTYPE_DATA,
  NL80211_BAND_ATTR_RATES,
  NL80211_BAND_ATTR_VHT_CAPA,
  NL80211_BAND_ATTR_VHT_MCS_SET,
  NL80211_BAND_IFTYPE_ATTR_EHT_CAP_MAC,
  NL80211_BAND_IFTYPE_ATTR_EHT_CAP_MCS_SET,
  NL80211_BAND_IFTYPE_ATTR_EHT_CAP_PHY,
  NL80211_BAND_IFTYPE_ATTR_EHT_CAP_PPE,
  NL80211_BAND_IFTYPE_ATTR_HE_6GHZ_CAPA,
  NL80211_BAND_IFTYPE_ATTR_HE_CAP_MAC,
  NL80211_BAND_IFTYPE_ATTR_HE_CAP_MCS_SET,
  NL80211_BAND_IFTYPE_ATTR_HE_CAP_PHY,
  NL80211_BAND_IFTYPE_ATTR_HE_CAP_PPE,
  NL80211_BAND_IFTYPE_ATTR_IFTYPES,
  NL80211_BAND_IFTYPE_ATTR_VENDOR_ELEMS,
  NL80211_BITRATE_ATTR_2GHZ_SHORTPREAMBLE,
  NL80211_BITRATE_ATTR_RATE,
  NL80211_FREQUENCY_ATTR_16MHZ,
  NL80211_FREQUENCY_ATTR_1MHZ,
  NL80211_FREQUENCY_ATTR_2MHZ,
  NL80211_FREQUENCY_ATTR_4MHZ,
  NL80211_FREQUENCY_ATTR_8MHZ,
  NL80211_FREQUENCY_ATTR_DFS_CAC_TIME,
  NL80211_FREQUENCY_ATTR_DFS_STATE,
  NL80211_FREQUENCY_ATTR_DFS_TIME,
  NL80211_FREQUENCY_ATTR_DISABLED,
  NL80211_FREQUENCY_ATTR_FREQ,
  NL80211_FREQUENCY_ATTR_INDOOR_ONLY,
  NL80211_FREQUENCY_ATTR_IR_CONCURRENT,
  NL80211_FREQUENCY_ATTR_MAX_TX_POWER,
  NL80211_FREQUENCY_ATTR_NO_10MHZ,
  NL80211_FREQUENCY_ATTR_NO_160MHZ,
  NL80211_FREQUENCY_ATTR_NO_20MHZ,
  NL80211_FREQUENCY_ATTR_NO_320MHZ,
  NL80211_FREQUENCY_ATTR_NO_80MHZ,
  NL80211_FREQUENCY_ATTR_NO_EHT,
  NL80211_FREQUENCY_ATTR_NO_HE,
  NL80211_FREQUENCY_ATTR_NO_HT40_MINUS,
  NL80211_FREQUENCY_ATTR_NO_HT40_PLUS,
  NL80211_FREQUENCY_ATTR_NO_IR,
  NL80211_FREQUENCY_ATTR_OFFSET,
  NL80211_FREQUENCY_ATTR_RADAR,
  NL80211_IFACE_COMB_BI_MIN_GCD,
  NL80211_IFACE_COMB_LIMITS,
  NL80211_IFACE_COMB_MAXNUM,
  NL80211_IFACE_COMB_NUM_CHANNELS,
  NL80211_IFACE_COMB_RADAR_DETECT_REGIONS,
  NL80211_IFACE_COMB_RADAR_DETECT_WIDTHS,
  NL80211_IFACE_COMB_STA_AP_BI_MATCH,
  NL80211_IFACE_LIMIT_MAX,
  NL80211_IFACE_LIMIT_TYPES,
} from "./constants.ts";
import { interfaceTypeName, type InterfaceType } from "./interface.ts";

/** nl80211_band by name (index = NL80211_BAND_*). */
const BANDS = ["2ghz", "5ghz", "60ghz", "6ghz", "s1ghz", "lc"] as const;

/** A BandName names an nl80211_band ("2ghz" is NL80211_BAND_2GHZ); a number is an unknown band. */
export type BandName = (typeof BANDS)[number] | number;

/** The flag attributes of a channel, by name. */
const FREQUENCY_FLAGS: Record<number, string> = {
  [NL80211_FREQUENCY_ATTR_DISABLED]: "disabled",
  [NL80211_FREQUENCY_ATTR_NO_IR]: "no-ir",
  // __NL80211_FREQUENCY_ATTR_NO_IBSS: deprecated, still sent next to NO_IR.
  [4]: "no-ibss",
  [NL80211_FREQUENCY_ATTR_RADAR]: "radar",
  [NL80211_FREQUENCY_ATTR_NO_HT40_MINUS]: "no-ht40-minus",
  [NL80211_FREQUENCY_ATTR_NO_HT40_PLUS]: "no-ht40-plus",
  [NL80211_FREQUENCY_ATTR_NO_80MHZ]: "no-80mhz",
  [NL80211_FREQUENCY_ATTR_NO_160MHZ]: "no-160mhz",
  [NL80211_FREQUENCY_ATTR_INDOOR_ONLY]: "indoor-only",
  [NL80211_FREQUENCY_ATTR_IR_CONCURRENT]: "ir-concurrent",
  [NL80211_FREQUENCY_ATTR_NO_20MHZ]: "no-20mhz",
  [NL80211_FREQUENCY_ATTR_NO_10MHZ]: "no-10mhz",
  [NL80211_FREQUENCY_ATTR_NO_HE]: "no-he",
  [NL80211_FREQUENCY_ATTR_1MHZ]: "1mhz",
  [NL80211_FREQUENCY_ATTR_2MHZ]: "2mhz",
  [NL80211_FREQUENCY_ATTR_4MHZ]: "4mhz",
  [NL80211_FREQUENCY_ATTR_8MHZ]: "8mhz",
  [NL80211_FREQUENCY_ATTR_16MHZ]: "16mhz",
  [NL80211_FREQUENCY_ATTR_NO_320MHZ]: "no-320mhz",
  [NL80211_FREQUENCY_ATTR_NO_EHT]: "no-eht",
};

const DFS_STATES = ["usable", "unavailable", "available"] as const;

/** A Frequency is one channel of a band (an NL80211_BAND_ATTR_FREQS entry). */
export interface Frequency {
  /** Center frequency in MHz. */
  frequency: number;
  /** NL80211_FREQUENCY_ATTR_OFFSET in kHz (S1G). */
  offset?: number;
  /** The IEEE channel number derived from the frequency, when it has one. */
  channel?: number;
  /** NL80211_FREQUENCY_ATTR_DISABLED: not allowed by the regulatory domain. */
  disabled: boolean;
  /** NL80211_FREQUENCY_ATTR_NO_IR: no initiating radiation (no AP, IBSS or active scan). */
  noIR: boolean;
  /** NL80211_FREQUENCY_ATTR_RADAR: radar detection (DFS) is required. */
  radar: boolean;
  /** NL80211_FREQUENCY_ATTR_MAX_TX_POWER converted from mBm to dBm. */
  maxTxPower?: number;
  /** NL80211_FREQUENCY_ATTR_DFS_STATE. */
  dfsState?: (typeof DFS_STATES)[number] | number;
  /** NL80211_FREQUENCY_ATTR_DFS_TIME: ms in the current DFS state. */
  dfsTime?: number;
  /** NL80211_FREQUENCY_ATTR_DFS_CAC_TIME in ms. */
  dfsCacTime?: number;
  /** Every flag attribute present, by name ("no-ir", "no-ht40-minus", "indoor-only"…). */
  flags: string[];
  other: RawAttribute[];
}

/** A Bitrate is a legacy rate of a band. */
export interface Bitrate {
  /** Mbit/s (NL80211_BITRATE_ATTR_RATE counts 100 kbit/s). */
  rate: number;
  /** NL80211_BITRATE_ATTR_2GHZ_SHORTPREAMBLE. */
  shortPreamble: boolean;
}

/** HtCapabilities are a band's 802.11n capabilities. */
export interface HtCapabilities {
  /** NL80211_BAND_ATTR_HT_CAPA: the HT Capability Information field. */
  capabilities: number;
  /** NL80211_BAND_ATTR_HT_AMPDU_FACTOR: the maximum A-MPDU length exponent. */
  ampduFactor?: number;
  /** (2^(13 + factor)) - 1 bytes. */
  maxAmpduLength?: number;
  /** NL80211_BAND_ATTR_HT_AMPDU_DENSITY: minimum MPDU start spacing code. */
  ampduDensity?: number;
  /** NL80211_BAND_ATTR_HT_MCS_SET: the 16-byte Supported MCS Set. */
  mcsSet?: Uint8Array;
  /** The MCS indexes set in the RX MCS bitmask. */
  rxMcsIndexes?: number[];
}

/** A VHT MCS map entry per spatial stream: the highest MCS supported, or null. */
export type VhtMcsSupport = 7 | 8 | 9 | null;

/** VhtCapabilities are a band's 802.11ac capabilities. */
export interface VhtCapabilities {
  /** NL80211_BAND_ATTR_VHT_CAPA: the VHT Capabilities Information field. */
  capabilities: number;
  /** Maximum MPDU length: 3895, 7991 or 11454 bytes (bits 0-1). */
  maxMpduLength: number;
  /**
   * Maximum A-MPDU length in bytes: (1 << (13 + exponent)) - 1, exponent in bits 23-25.
   * (mdlayher/wifi shifted the wrong way.)
   */
  maxAmpduLength: number;
  /** NL80211_BAND_ATTR_VHT_MCS_SET: 8 bytes. */
  mcsSet?: Uint8Array;
  /** RX / TX MCS map per stream (8 streams). */
  rxMcsMap?: VhtMcsSupport[];
  txMcsMap?: VhtMcsSupport[];
  rxHighestRate?: number;
  txHighestRate?: number;
}

/** BandInterfaceTypeData are the HE/EHT capabilities a band has for some interface types. */
export interface BandInterfaceTypeData {
  interfaceTypes: InterfaceType[];
  he?: { mac: Uint8Array; phy: Uint8Array; mcsSet: Uint8Array; ppe?: Uint8Array };
  /** NL80211_BAND_IFTYPE_ATTR_HE_6GHZ_CAPA (u16 capabilities). */
  he6ghzCapabilities?: number;
  eht?: { mac: Uint8Array; phy: Uint8Array; mcsSet: Uint8Array; ppe?: Uint8Array };
  vendorElements?: Uint8Array;
  other: RawAttribute[];
}

/** A Band is one of a PHY's frequency bands with its channels, rates and capabilities. */
export interface Band {
  /** NL80211_BAND_* number. */
  id: number;
  band: BandName;
  frequencies: Frequency[];
  bitrates: Bitrate[];
  ht?: HtCapabilities;
  vht?: VhtCapabilities;
  interfaceTypeData: BandInterfaceTypeData[];
  other: RawAttribute[];
}

/** An InterfaceLimit: at most `max` interfaces of these types at once. */
export interface InterfaceLimit {
  max: number;
  types: InterfaceType[];
}

/** An InterfaceCombination is one valid set of concurrent interfaces (NL80211_IFACE_COMB_*). */
export interface InterfaceCombination {
  limits: InterfaceLimit[];
  /** NL80211_IFACE_COMB_MAXNUM: total interfaces. */
  maxInterfaces: number;
  /** NL80211_IFACE_COMB_NUM_CHANNELS: distinct channels. */
  channels: number;
  /** NL80211_IFACE_COMB_STA_AP_BI_MATCH: beacon intervals must match. */
  beaconIntervalsMatch: boolean;
  /** NL80211_IFACE_COMB_RADAR_DETECT_WIDTHS: bitmap of nl80211_chan_width. */
  radarDetectWidths?: number;
  /** NL80211_IFACE_COMB_RADAR_DETECT_REGIONS: bitmap of nl80211_dfs_regions. */
  radarDetectRegions?: number;
  /** NL80211_IFACE_COMB_BI_MIN_GCD: minimum beacon interval GCD. */
  beaconIntervalMinGcd?: number;
  other: RawAttribute[];
}

/**
 * A Phy is a wireless hardware device (phy#N) as the split NL80211_CMD_GET_WIPHY dump reports it,
 * its many messages merged. Fields the kernel did not send are absent or empty.
 */
export interface Phy {
  /** NL80211_ATTR_WIPHY. */
  index: number;
  /** NL80211_ATTR_WIPHY_NAME ("phy0"). */
  name: string;
  generation?: number;
  bands: Band[];
  /** NL80211_ATTR_SUPPORTED_IFTYPES. */
  supportedInterfaceTypes: InterfaceType[];
  /** NL80211_ATTR_SOFTWARE_IFTYPES: types that need no driver support (AP_VLAN, monitor). */
  softwareInterfaceTypes: InterfaceType[];
  interfaceCombinations: InterfaceCombination[];
  /** NL80211_ATTR_CIPHER_SUITES: suite selectors (name them with cipherSuiteName). */
  cipherSuites: number[];
  /** NL80211_ATTR_EXT_FEATURES: the NL80211_EXT_FEATURE_* bits that are set. */
  extendedFeatures: number[];
  /** NL80211_ATTR_FEATURE_FLAGS: NL80211_FEATURE_* bitmap. */
  featureFlags?: number;
  /** NL80211_ATTR_SUPPORTED_COMMANDS: NL80211_CMD_* numbers. */
  supportedCommands: number[];
  maxScanSsids?: number;
  maxScanIeLength?: number;
  maxScheduledScanSsids?: number;
  maxScheduledScanIeLength?: number;
  maxMatchSets?: number;
  maxRemainOnChannelDuration?: number;
  maxApAssociatedStations?: number;
  retryShort?: number;
  retryLong?: number;
  /** NL80211_ATTR_WIPHY_FRAG_THRESHOLD / RTS_THRESHOLD: (u32)-1 means off. */
  fragmentationThreshold?: number;
  rtsThreshold?: number;
  coverageClass?: number;
  antennaAvailableTx?: number;
  antennaAvailableRx?: number;
  antennaTx?: number;
  antennaRx?: number;
  supportsIbssRsn?: boolean;
  supportsApUapsd?: boolean;
  roamSupport?: boolean;
  tdlsSupport?: boolean;
  tdlsExternalSetup?: boolean;
  selfManagedRegulatory?: boolean;
  other: RawAttribute[];
}

/** Whether the PHY sets an NL80211_EXT_FEATURE_* bit. */
export function hasExtendedFeature(phy: Phy, feature: number): boolean {
  return phy.extendedFeatures.includes(feature);
}

/** The IEEE channel number of a center frequency in MHz (as iw computes it), or undefined. */
export function frequencyToChannel(mhz: number): number | undefined {
  if (mhz === 2484) return 14;
  if (mhz >= 2407 && mhz < 2484) return (mhz - 2407) / 5;
  if (mhz === 5935) return 2;
  if (mhz >= 5950 && mhz <= 7115) return (mhz - 5950) / 5;
  if (mhz >= 4910 && mhz <= 4980) return (mhz - 4000) / 5;
  if (mhz >= 5000 && mhz < 5950) return (mhz - 5000) / 5;
  if (mhz >= 56160 && mhz <= 70200) return (mhz - 56160) / 2160;
  return undefined;
}

/** Flag attributes inside a nest whose types are interface types (SUPPORTED_IFTYPES and the like). */
function parseInterfaceTypes(data: Uint8Array): InterfaceType[] {
  const out: InterfaceType[] = [];
  const ad = new AttributeDecoder(data);
  while (ad.next()) out.push(interfaceTypeName(ad.type));
  return out;
}

function parseU32Array(ad: AttributeDecoder, what: string): number[] {
  if (ad.length % 4 !== 0) throw new DecodeError(`attribute type ${ad.type}: ${what} needs a multiple of 4 bytes, has ${ad.length}`);
  const b = ad.bytes();
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: number[] = [];
  for (let i = 0; i < b.length; i += 4) out.push(view.getUint32(i, true));
  return out;
}

function setBits(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < b.length * 8; i++) if (b[i >> 3]! & (1 << (i & 7))) out.push(i);
  return out;
}

function parseFrequency(data: Uint8Array): Frequency {
  const f: Frequency = { frequency: 0, disabled: false, noIR: false, radar: false, flags: [], other: [] };
  const ad = new AttributeDecoder(data);
  while (ad.next()) {
    const flag = FREQUENCY_FLAGS[ad.type];
    if (flag !== undefined) {
      ad.flag();
      f.flags.push(flag);
      if (ad.type === NL80211_FREQUENCY_ATTR_DISABLED) f.disabled = true;
      else if (ad.type === NL80211_FREQUENCY_ATTR_NO_IR) f.noIR = true;
      else if (ad.type === NL80211_FREQUENCY_ATTR_RADAR) f.radar = true;
      continue;
    }
    switch (ad.type) {
      case NL80211_FREQUENCY_ATTR_FREQ:
        f.frequency = ad.u32();
        break;
      case NL80211_FREQUENCY_ATTR_OFFSET:
        f.offset = ad.u32();
        break;
      case NL80211_FREQUENCY_ATTR_MAX_TX_POWER:
        f.maxTxPower = ad.u32() / 100;
        break;
      case NL80211_FREQUENCY_ATTR_DFS_STATE: {
        const s = ad.u32();
        f.dfsState = DFS_STATES[s] ?? s;
        break;
      }
      case NL80211_FREQUENCY_ATTR_DFS_TIME:
        f.dfsTime = ad.u32();
        break;
      case NL80211_FREQUENCY_ATTR_DFS_CAC_TIME:
        f.dfsCacTime = ad.u32();
        break;
      default:
        f.other.push(ad.raw());
    }
  }
  const ch = frequencyToChannel(f.frequency);
  if (ch !== undefined) f.channel = ch;
  return f;
}

function parseBitrates(data: Uint8Array): Bitrate[] {
  const out: Bitrate[] = [];
  const ad = new AttributeDecoder(data);
  while (ad.next()) {
    const r: Bitrate = { rate: 0, shortPreamble: false };
    const nd = ad.nested();
    while (nd.next()) {
      if (nd.type === NL80211_BITRATE_ATTR_RATE) r.rate = nd.u32() / 10;
      else if (nd.type === NL80211_BITRATE_ATTR_2GHZ_SHORTPREAMBLE) r.shortPreamble = nd.flag();
    }
    out.push(r);
  }
  return out;
}

const VHT_MPDU = [3895, 7991, 11454] as const;

function mcsMap(map: number): VhtMcsSupport[] {
  const out: VhtMcsSupport[] = [];
  for (let i = 0; i < 8; i++) {
    const v = (map >> (2 * i)) & 3;
    out.push(v === 3 ? null : ((7 + v) as 7 | 8 | 9));
  }
  return out;
}

/** VHT capability fields; the A-MPDU exponent is bits 23-25. */
export function parseVhtCapabilities(capabilities: number, mcsSet?: Uint8Array): VhtCapabilities {
  const v: VhtCapabilities = {
    capabilities,
    maxMpduLength: VHT_MPDU[capabilities & 3] ?? 3895,
    maxAmpduLength: (1 << (13 + ((capabilities >>> 23) & 7))) - 1,
  };
  if (mcsSet !== undefined) {
    v.mcsSet = mcsSet;
    if (mcsSet.length >= 8) {
      const u16 = (i: number) => mcsSet[i]! | (mcsSet[i + 1]! << 8);
      v.rxMcsMap = mcsMap(u16(0));
      v.rxHighestRate = u16(2) & 0x1fff;
      v.txMcsMap = mcsMap(u16(4));
      v.txHighestRate = u16(6) & 0x1fff;
    }
  }
  return v;
}

function parseIftypeData(data: Uint8Array): BandInterfaceTypeData[] {
  const out: BandInterfaceTypeData[] = [];
  const ad = new AttributeDecoder(data);
  while (ad.next()) {
    const d: BandInterfaceTypeData = { interfaceTypes: [], other: [] };
    const he: Partial<NonNullable<BandInterfaceTypeData["he"]>> = {};
    const eht: Partial<NonNullable<BandInterfaceTypeData["eht"]>> = {};
    const nd = ad.nested();
    while (nd.next()) {
      switch (nd.type) {
        case NL80211_BAND_IFTYPE_ATTR_IFTYPES:
          d.interfaceTypes = parseInterfaceTypes(nd.bytes());
          break;
        case NL80211_BAND_IFTYPE_ATTR_HE_CAP_MAC:
          he.mac = nd.bytes().slice();
          break;
        case NL80211_BAND_IFTYPE_ATTR_HE_CAP_PHY:
          he.phy = nd.bytes().slice();
          break;
        case NL80211_BAND_IFTYPE_ATTR_HE_CAP_MCS_SET:
          he.mcsSet = nd.bytes().slice();
          break;
        case NL80211_BAND_IFTYPE_ATTR_HE_CAP_PPE:
          he.ppe = nd.bytes().slice();
          break;
        case NL80211_BAND_IFTYPE_ATTR_HE_6GHZ_CAPA:
          d.he6ghzCapabilities = nd.u16();
          break;
        case NL80211_BAND_IFTYPE_ATTR_EHT_CAP_MAC:
          eht.mac = nd.bytes().slice();
          break;
        case NL80211_BAND_IFTYPE_ATTR_EHT_CAP_PHY:
          eht.phy = nd.bytes().slice();
          break;
        case NL80211_BAND_IFTYPE_ATTR_EHT_CAP_MCS_SET:
          eht.mcsSet = nd.bytes().slice();
          break;
        case NL80211_BAND_IFTYPE_ATTR_EHT_CAP_PPE:
          eht.ppe = nd.bytes().slice();
          break;
        case NL80211_BAND_IFTYPE_ATTR_VENDOR_ELEMS:
          d.vendorElements = nd.bytes().slice();
          break;
        default:
          d.other.push(nd.raw());
      }
    }
    if (he.mac || he.phy || he.mcsSet) d.he = { mac: he.mac ?? new Uint8Array(0), phy: he.phy ?? new Uint8Array(0), mcsSet: he.mcsSet ?? new Uint8Array(0), ...(he.ppe ? { ppe: he.ppe } : {}) };
    if (eht.mac || eht.phy || eht.mcsSet) d.eht = { mac: eht.mac ?? new Uint8Array(0), phy: eht.phy ?? new Uint8Array(0), mcsSet: eht.mcsSet ?? new Uint8Array(0), ...(eht.ppe ? { ppe: eht.ppe } : {}) };
    out.push(d);
  }
  return out;
}

function parseCombinations(data: Uint8Array): InterfaceCombination[] {
  const out: InterfaceCombination[] = [];
  const ad = new AttributeDecoder(data);
  while (ad.next()) {
    const c: InterfaceCombination = { limits: [], maxInterfaces: 0, channels: 0, beaconIntervalsMatch: false, other: [] };
    const nd = ad.nested();
    while (nd.next()) {
      switch (nd.type) {
        case NL80211_IFACE_COMB_LIMITS: {
          const ld = nd.nested();
          while (ld.next()) {
            const limit: InterfaceLimit = { max: 0, types: [] };
            const x = ld.nested();
            while (x.next()) {
              if (x.type === NL80211_IFACE_LIMIT_MAX) limit.max = x.u32();
              else if (x.type === NL80211_IFACE_LIMIT_TYPES) limit.types = parseInterfaceTypes(x.bytes());
            }
            c.limits.push(limit);
          }
          break;
        }
        case NL80211_IFACE_COMB_MAXNUM:
          c.maxInterfaces = nd.u32();
          break;
        case NL80211_IFACE_COMB_NUM_CHANNELS:
          c.channels = nd.u32();
          break;
        case NL80211_IFACE_COMB_STA_AP_BI_MATCH:
          c.beaconIntervalsMatch = nd.flag();
          break;
        case NL80211_IFACE_COMB_RADAR_DETECT_WIDTHS:
          c.radarDetectWidths = nd.u32();
          break;
        case NL80211_IFACE_COMB_RADAR_DETECT_REGIONS:
          c.radarDetectRegions = nd.u32();
          break;
        case NL80211_IFACE_COMB_BI_MIN_GCD:
          c.beaconIntervalMinGcd = nd.u32();
          break;
        default:
          c.other.push(nd.raw());
      }
    }
    out.push(c);
  }
  return out;
}

/** What a PhyMerger keeps per band while messages arrive: channels by their index in the band. */
interface BandState {
  band: Band;
  frequencies: Map<number, Frequency>;
}

interface PhyState {
  phy: Phy;
  bands: Map<number, BandState>;
}

/**
 * A PhyMerger folds the messages of a split NL80211_CMD_GET_WIPHY dump into one Phy per wiphy:
 * the kernel spreads a PHY over many messages, and a band's channels over several (each channel
 * nest typed by its index in the band).
 */
export class PhyMerger {
  readonly #phys = new Map<number, PhyState>();

  /** Add one message's attributes. Throws DecodeError for malformed attributes or a missing WIPHY. */
  add(attrs: Uint8Array): void {
    const ad = new AttributeDecoder(attrs);
    let index: number | undefined;
    while (ad.next()) {
      if (ad.type === NL80211_ATTR_WIPHY) index = ad.u32();
    }
    if (index === undefined) throw new DecodeError("nl80211 wiphy message without NL80211_ATTR_WIPHY");
    let st = this.#phys.get(index);
    if (st === undefined) {
      st = {
        phy: {
          index,
          name: "",
          bands: [],
          supportedInterfaceTypes: [],
          softwareInterfaceTypes: [],
          interfaceCombinations: [],
          cipherSuites: [],
          extendedFeatures: [],
          supportedCommands: [],
          other: [],
        },
        bands: new Map(),
      };
      this.#phys.set(index, st);
    }
    this.#merge(st, attrs);
  }

  #merge(st: PhyState, attrs: Uint8Array): void {
    const p = st.phy;
    const ad = new AttributeDecoder(attrs);
    while (ad.next()) {
      switch (ad.type) {
        case NL80211_ATTR_WIPHY:
          break;
        case NL80211_ATTR_WIPHY_NAME:
          p.name = ad.string();
          break;
        case NL80211_ATTR_GENERATION:
          p.generation = ad.u32();
          break;
        case NL80211_ATTR_WIPHY_BANDS:
          this.#mergeBands(st, ad.bytes());
          break;
        case NL80211_ATTR_SUPPORTED_IFTYPES:
          p.supportedInterfaceTypes = parseInterfaceTypes(ad.bytes());
          break;
        case NL80211_ATTR_SOFTWARE_IFTYPES:
          p.softwareInterfaceTypes = parseInterfaceTypes(ad.bytes());
          break;
        case NL80211_ATTR_INTERFACE_COMBINATIONS:
          p.interfaceCombinations.push(...parseCombinations(ad.bytes()));
          break;
        case NL80211_ATTR_CIPHER_SUITES:
          p.cipherSuites = parseU32Array(ad, "cipher suite list");
          break;
        case NL80211_ATTR_EXT_FEATURES:
          p.extendedFeatures = setBits(ad.bytes());
          break;
        case NL80211_ATTR_FEATURE_FLAGS:
          p.featureFlags = ad.u32();
          break;
        case NL80211_ATTR_SUPPORTED_COMMANDS: {
          const nd = ad.nested();
          while (nd.next()) p.supportedCommands.push(nd.u32());
          break;
        }
        case NL80211_ATTR_MAX_NUM_SCAN_SSIDS:
          p.maxScanSsids = ad.u8();
          break;
        case NL80211_ATTR_MAX_SCAN_IE_LEN:
          p.maxScanIeLength = ad.u16();
          break;
        case NL80211_ATTR_MAX_NUM_SCHED_SCAN_SSIDS:
          p.maxScheduledScanSsids = ad.u8();
          break;
        case NL80211_ATTR_MAX_SCHED_SCAN_IE_LEN:
          p.maxScheduledScanIeLength = ad.u16();
          break;
        case NL80211_ATTR_MAX_MATCH_SETS:
          p.maxMatchSets = ad.u8();
          break;
        case NL80211_ATTR_MAX_REMAIN_ON_CHANNEL_DURATION:
          p.maxRemainOnChannelDuration = ad.u32();
          break;
        case NL80211_ATTR_MAX_AP_ASSOC_STA:
          p.maxApAssociatedStations = ad.u32();
          break;
        case NL80211_ATTR_WIPHY_RETRY_SHORT:
          p.retryShort = ad.u8();
          break;
        case NL80211_ATTR_WIPHY_RETRY_LONG:
          p.retryLong = ad.u8();
          break;
        case NL80211_ATTR_WIPHY_FRAG_THRESHOLD:
          p.fragmentationThreshold = ad.u32();
          break;
        case NL80211_ATTR_WIPHY_RTS_THRESHOLD:
          p.rtsThreshold = ad.u32();
          break;
        case NL80211_ATTR_WIPHY_COVERAGE_CLASS:
          p.coverageClass = ad.u8();
          break;
        case NL80211_ATTR_WIPHY_ANTENNA_AVAIL_TX:
          p.antennaAvailableTx = ad.u32();
          break;
        case NL80211_ATTR_WIPHY_ANTENNA_AVAIL_RX:
          p.antennaAvailableRx = ad.u32();
          break;
        case NL80211_ATTR_WIPHY_ANTENNA_TX:
          p.antennaTx = ad.u32();
          break;
        case NL80211_ATTR_WIPHY_ANTENNA_RX:
          p.antennaRx = ad.u32();
          break;
        case NL80211_ATTR_SUPPORT_IBSS_RSN:
          p.supportsIbssRsn = ad.flag();
          break;
        case NL80211_ATTR_SUPPORT_AP_UAPSD:
          p.supportsApUapsd = ad.flag();
          break;
        case NL80211_ATTR_ROAM_SUPPORT:
          p.roamSupport = ad.flag();
          break;
        case NL80211_ATTR_TDLS_SUPPORT:
          p.tdlsSupport = ad.flag();
          break;
        case NL80211_ATTR_TDLS_EXTERNAL_SETUP:
          p.tdlsExternalSetup = ad.flag();
          break;
        case NL80211_ATTR_WIPHY_SELF_MANAGED_REG:
          p.selfManagedRegulatory = ad.flag();
          break;
        default:
          p.other.push(ad.raw());
      }
    }
  }

  #mergeBands(st: PhyState, data: Uint8Array): void {
    const ad = new AttributeDecoder(data);
    while (ad.next()) {
      const id = ad.type;
      let bs = st.bands.get(id);
      if (bs === undefined) {
        bs = { band: { id, band: BANDS[id] ?? id, frequencies: [], bitrates: [], interfaceTypeData: [], other: [] }, frequencies: new Map() };
        st.bands.set(id, bs);
      }
      const band = bs.band;
      const bd = ad.nested();
      let ampduFactor: number | undefined;
      let ampduDensity: number | undefined;
      let htCapa: number | undefined;
      let htMcs: Uint8Array | undefined;
      let vhtCapa: number | undefined;
      let vhtMcs: Uint8Array | undefined;
      while (bd.next()) {
        switch (bd.type) {
          case NL80211_BAND_ATTR_FREQS: {
            const fd = bd.nested();
            while (fd.next()) bs.frequencies.set(fd.type, parseFrequency(fd.bytes()));
            break;
          }
          case NL80211_BAND_ATTR_RATES:
            band.bitrates = parseBitrates(bd.bytes());
            break;
          case NL80211_BAND_ATTR_HT_CAPA:
            htCapa = bd.u16();
            break;
          case NL80211_BAND_ATTR_HT_MCS_SET:
            htMcs = bd.bytes().slice();
            break;
          case NL80211_BAND_ATTR_HT_AMPDU_FACTOR:
            ampduFactor = bd.u8();
            break;
          case NL80211_BAND_ATTR_HT_AMPDU_DENSITY:
            ampduDensity = bd.u8();
            break;
          case NL80211_BAND_ATTR_VHT_CAPA:
            vhtCapa = bd.u32();
            break;
          case NL80211_BAND_ATTR_VHT_MCS_SET:
            vhtMcs = bd.bytes().slice();
            break;
          case NL80211_BAND_ATTR_IFTYPE_DATA:
            band.interfaceTypeData.push(...parseIftypeData(bd.bytes()));
            break;
          default:
            band.other.push(bd.raw());
        }
      }
      if (htCapa !== undefined) {
        const ht: HtCapabilities = { capabilities: htCapa };
        if (ampduFactor !== undefined) {
          ht.ampduFactor = ampduFactor;
          ht.maxAmpduLength = (1 << (13 + ampduFactor)) - 1;
        }
        if (ampduDensity !== undefined) ht.ampduDensity = ampduDensity;
        if (htMcs !== undefined) {
          ht.mcsSet = htMcs;
          ht.rxMcsIndexes = setBits(htMcs.subarray(0, 10)).filter((i) => i < 77);
        }
        band.ht = ht;
      }
      if (vhtCapa !== undefined) band.vht = parseVhtCapabilities(vhtCapa, vhtMcs);
    }
  }

  /** The merged PHYs, by index. Channels are in the kernel's order. */
  phys(): Phy[] {
    return [...this.#phys.values()]
      .sort((a, b) => a.phy.index - b.phy.index)
      .map((st) => ({
        ...st.phy,
        bands: [...st.bands.values()]
          .sort((a, b) => a.band.id - b.band.id)
          .map((bs) => ({ ...bs.band, frequencies: [...bs.frequencies.entries()].sort((a, b) => a[0] - b[0]).map(([, f]) => f) })),
      }));
  }
}

/** Merge the attribute payloads of a split wiphy dump into Phys. */
export function parsePhys(messages: readonly Uint8Array[]): Phy[] {
  const m = new PhyMerger();
  for (const attrs of messages) m.add(attrs);
  return m.phys();
}
