import { AttributeDecoder, type RawAttribute } from "../netlink/attribute.ts";
import { DecodeError } from "../netlink/errors.ts";
import { decodeMac } from "./address.ts";
import {
  NL80211_ATTR_GENERATION,
  NL80211_ATTR_IFINDEX,
  NL80211_ATTR_MAC,
  NL80211_ATTR_STA_INFO,
  NL80211_ATTR_WDEV,
  NL80211_RATE_INFO_10_MHZ_WIDTH,
  NL80211_RATE_INFO_160_MHZ_WIDTH,
  NL80211_RATE_INFO_320_MHZ_WIDTH,
  NL80211_RATE_INFO_40_MHZ_WIDTH,
  NL80211_RATE_INFO_5_MHZ_WIDTH,
  NL80211_RATE_INFO_80_MHZ_WIDTH,
  NL80211_RATE_INFO_80P80_MHZ_WIDTH,
  NL80211_RATE_INFO_BITRATE,
  NL80211_RATE_INFO_BITRATE32,
  NL80211_RATE_INFO_EHT_GI,
  NL80211_RATE_INFO_EHT_MCS,
  NL80211_RATE_INFO_EHT_NSS,
  NL80211_RATE_INFO_EHT_RU_ALLOC,
  NL80211_RATE_INFO_HE_DCM,
  NL80211_RATE_INFO_HE_GI,
  NL80211_RATE_INFO_HE_MCS,
  NL80211_RATE_INFO_HE_NSS,
  NL80211_RATE_INFO_HE_RU_ALLOC,
  NL80211_RATE_INFO_MCS,
  NL80211_RATE_INFO_SHORT_GI,
  NL80211_RATE_INFO_VHT_MCS,
  NL80211_RATE_INFO_VHT_NSS,
  NL80211_STA_BSS_PARAM_BEACON_INTERVAL,
  NL80211_STA_BSS_PARAM_CTS_PROT,
  NL80211_STA_BSS_PARAM_DTIM_PERIOD,
  NL80211_STA_BSS_PARAM_SHORT_PREAMBLE,
  NL80211_STA_BSS_PARAM_SHORT_SLOT_TIME,
  NL80211_STA_FLAG_ASSOCIATED,
  NL80211_STA_FLAG_AUTHENTICATED,
  NL80211_STA_FLAG_AUTHORIZED,
  NL80211_STA_FLAG_MFP,
  NL80211_STA_FLAG_SHORT_PREAMBLE,
  NL80211_STA_FLAG_TDLS_PEER,
  NL80211_STA_FLAG_WME,
  NL80211_STA_INFO_ACK_SIGNAL,
  NL80211_STA_INFO_ACK_SIGNAL_AVG,
  NL80211_STA_INFO_AIRTIME_WEIGHT,
  NL80211_STA_INFO_ASSOC_AT_BOOTTIME,
  NL80211_STA_INFO_BEACON_LOSS,
  NL80211_STA_INFO_BEACON_RX,
  NL80211_STA_INFO_BEACON_SIGNAL_AVG,
  NL80211_STA_INFO_BSS_PARAM,
  NL80211_STA_INFO_CHAIN_SIGNAL,
  NL80211_STA_INFO_CHAIN_SIGNAL_AVG,
  NL80211_STA_INFO_CONNECTED_TIME,
  NL80211_STA_INFO_EXPECTED_THROUGHPUT,
  NL80211_STA_INFO_FCS_ERROR_COUNT,
  NL80211_STA_INFO_INACTIVE_TIME,
  NL80211_STA_INFO_LLID,
  NL80211_STA_INFO_LOCAL_PM,
  NL80211_STA_INFO_NONPEER_PM,
  NL80211_STA_INFO_PEER_PM,
  NL80211_STA_INFO_PLID,
  NL80211_STA_INFO_PLINK_STATE,
  NL80211_STA_INFO_RX_BITRATE,
  NL80211_STA_INFO_RX_BYTES,
  NL80211_STA_INFO_RX_BYTES64,
  NL80211_STA_INFO_RX_DROP_MISC,
  NL80211_STA_INFO_RX_DURATION,
  NL80211_STA_INFO_RX_MPDUS,
  NL80211_STA_INFO_RX_PACKETS,
  NL80211_STA_INFO_SIGNAL,
  NL80211_STA_INFO_SIGNAL_AVG,
  NL80211_STA_INFO_STA_FLAGS,
  NL80211_STA_INFO_T_OFFSET,
  NL80211_STA_INFO_TX_BITRATE,
  NL80211_STA_INFO_TX_BYTES,
  NL80211_STA_INFO_TX_BYTES64,
  NL80211_STA_INFO_TX_DURATION,
  NL80211_STA_INFO_TX_FAILED,
  NL80211_STA_INFO_TX_PACKETS,
  NL80211_STA_INFO_TX_RETRIES,
} from "./constants.ts";

/** Which PHY generation a rate belongs to. */
export type RateMode = "legacy" | "ht" | "vht" | "he" | "eht";

/** nl80211_he_ru_alloc / nl80211_eht_ru_alloc by name: the resource unit size in tones. */
const HE_RU = ["26", "52", "106", "242", "484", "996", "2x996"] as const;
const EHT_RU = [
  "26", "52", "52+26", "106", "106+26", "242", "484", "484+242", "996", "996+484", "996+484+242",
  "2x996", "2x996+484", "3x996", "3x996+484", "4x996",
] as const;
/** nl80211_he_gi / nl80211_eht_gi in microseconds. */
const HE_GI_US = [0.8, 1.6, 3.2] as const;

/**
 * A RateInfo is an NL80211_STA_INFO_TX_BITRATE / RX_BITRATE nest: the rate of the last frame sent
 * to or received from a station. The generic fields (`mcs`, `nss`, `guardInterval`, `width`) are
 * filled for every mode; the `ht`/`vht`/`he`/`eht` objects carry the mode-specific details.
 */
export interface RateInfo {
  /** Bits per second, from NL80211_RATE_INFO_BITRATE32 (or the 16-bit BITRATE), which count 100 kbit/s. */
  bitrate?: number;
  /** "legacy" when no MCS attribute is present. */
  mode: RateMode;
  /** The MCS index of whichever mode is in use. */
  mcs?: number;
  /** Spatial streams: VHT/HE/EHT NSS, or derived from the HT MCS index (MCS 8-15 are two streams). */
  nss?: number;
  /** Guard interval in microseconds: 0.4 with NL80211_RATE_INFO_SHORT_GI, HE/EHT GI, else 0.8. */
  guardInterval: number;
  /** Channel width in MHz (20 unless a width flag is present; 80+80 counts as 160). */
  width: number;
  /** NL80211_RATE_INFO_80P80_MHZ_WIDTH. */
  width80p80?: boolean;
  /** NL80211_RATE_INFO_SHORT_GI (HT/VHT 400 ns guard interval). */
  shortGuardInterval: boolean;
  /** NL80211_RATE_INFO_MCS: HT (802.11n) MCS. */
  ht?: { mcs: number };
  /** NL80211_RATE_INFO_VHT_MCS / VHT_NSS. */
  vht?: { mcs: number; nss?: number };
  /** NL80211_RATE_INFO_HE_*: MCS, NSS, guard interval (µs), dual carrier modulation, RU size. */
  he?: { mcs: number; nss?: number; guardInterval?: number; dcm?: number; ruAllocation?: string };
  /** NL80211_RATE_INFO_EHT_*. */
  eht?: { mcs: number; nss?: number; guardInterval?: number; ruAllocation?: string };
  other: RawAttribute[];
}

/** Decode a rate info nest (the payload of NL80211_STA_INFO_TX_BITRATE and the like). */
export function parseRateInfo(data: Uint8Array): RateInfo {
  const r: RateInfo = { mode: "legacy", guardInterval: 0.8, width: 20, shortGuardInterval: false, other: [] };
  let bitrate16: number | undefined;
  let bitrate32: number | undefined;
  let vhtNss: number | undefined;
  let heNss: number | undefined;
  let heGi: number | undefined;
  let heDcm: number | undefined;
  let heRu: number | undefined;
  let ehtNss: number | undefined;
  let ehtGi: number | undefined;
  let ehtRu: number | undefined;
  let htMcs: number | undefined;
  let vhtMcs: number | undefined;
  let heMcs: number | undefined;
  let ehtMcs: number | undefined;
  const ad = new AttributeDecoder(data);
  while (ad.next()) {
    switch (ad.type) {
      case NL80211_RATE_INFO_BITRATE:
        bitrate16 = ad.u16();
        break;
      case NL80211_RATE_INFO_BITRATE32:
        bitrate32 = ad.u32();
        break;
      case NL80211_RATE_INFO_MCS:
        htMcs = ad.u8();
        break;
      case NL80211_RATE_INFO_VHT_MCS:
        vhtMcs = ad.u8();
        break;
      case NL80211_RATE_INFO_VHT_NSS:
        vhtNss = ad.u8();
        break;
      case NL80211_RATE_INFO_HE_MCS:
        heMcs = ad.u8();
        break;
      case NL80211_RATE_INFO_HE_NSS:
        heNss = ad.u8();
        break;
      case NL80211_RATE_INFO_HE_GI:
        heGi = ad.u8();
        break;
      case NL80211_RATE_INFO_HE_DCM:
        heDcm = ad.u8();
        break;
      case NL80211_RATE_INFO_HE_RU_ALLOC:
        heRu = ad.u8();
        break;
      case NL80211_RATE_INFO_EHT_MCS:
        ehtMcs = ad.u8();
        break;
      case NL80211_RATE_INFO_EHT_NSS:
        ehtNss = ad.u8();
        break;
      case NL80211_RATE_INFO_EHT_GI:
        ehtGi = ad.u8();
        break;
      case NL80211_RATE_INFO_EHT_RU_ALLOC:
        ehtRu = ad.u8();
        break;
      case NL80211_RATE_INFO_SHORT_GI:
        r.shortGuardInterval = ad.flag();
        r.guardInterval = 0.4;
        break;
      case NL80211_RATE_INFO_5_MHZ_WIDTH:
        ad.flag();
        r.width = 5;
        break;
      case NL80211_RATE_INFO_10_MHZ_WIDTH:
        ad.flag();
        r.width = 10;
        break;
      case NL80211_RATE_INFO_40_MHZ_WIDTH:
        ad.flag();
        r.width = 40;
        break;
      case NL80211_RATE_INFO_80_MHZ_WIDTH:
        ad.flag();
        r.width = 80;
        break;
      case NL80211_RATE_INFO_80P80_MHZ_WIDTH:
        ad.flag();
        r.width = 160;
        r.width80p80 = true;
        break;
      case NL80211_RATE_INFO_160_MHZ_WIDTH:
        ad.flag();
        r.width = 160;
        break;
      case NL80211_RATE_INFO_320_MHZ_WIDTH:
        ad.flag();
        r.width = 320;
        break;
      default:
        r.other.push(ad.raw());
    }
  }
  // The kernel sends BITRATE32 always and the 16-bit one only when it fits.
  const units = bitrate32 ?? bitrate16;
  if (units !== undefined) r.bitrate = units * 100_000;
  if (htMcs !== undefined) {
    r.mode = "ht";
    r.mcs = htMcs;
    r.nss = Math.floor(htMcs / 8) + 1;
    r.ht = { mcs: htMcs };
  }
  if (vhtMcs !== undefined) {
    r.mode = "vht";
    r.mcs = vhtMcs;
    r.vht = { mcs: vhtMcs };
    if (vhtNss !== undefined) r.nss = r.vht.nss = vhtNss;
  }
  if (heMcs !== undefined) {
    r.mode = "he";
    r.mcs = heMcs;
    r.he = { mcs: heMcs };
    if (heNss !== undefined) r.nss = r.he.nss = heNss;
    if (heGi !== undefined) r.guardInterval = r.he.guardInterval = HE_GI_US[heGi] ?? heGi;
    if (heDcm !== undefined) r.he.dcm = heDcm;
    if (heRu !== undefined) r.he.ruAllocation = HE_RU[heRu] ?? String(heRu);
  }
  if (ehtMcs !== undefined) {
    r.mode = "eht";
    r.mcs = ehtMcs;
    r.eht = { mcs: ehtMcs };
    if (ehtNss !== undefined) r.nss = r.eht.nss = ehtNss;
    if (ehtGi !== undefined) r.guardInterval = r.eht.guardInterval = HE_GI_US[ehtGi] ?? ehtGi;
    if (ehtRu !== undefined) r.eht.ruAllocation = EHT_RU[ehtRu] ?? String(ehtRu);
  }
  return r;
}

/**
 * StationFlags are the NL80211_STA_INFO_STA_FLAGS bits. A flag is present (true or false) only when
 * the kernel's mask says it is known; an absent flag means "not reported".
 */
export interface StationFlags {
  authorized?: boolean;
  authenticated?: boolean;
  associated?: boolean;
  shortPreamble?: boolean;
  /** WMM/WME (QoS) in use. */
  wmm?: boolean;
  /** Management frame protection (802.11w) in use. */
  mfp?: boolean;
  tdlsPeer?: boolean;
}

const FLAG_NAMES: [number, keyof StationFlags][] = [
  [NL80211_STA_FLAG_AUTHORIZED, "authorized"],
  [NL80211_STA_FLAG_SHORT_PREAMBLE, "shortPreamble"],
  [NL80211_STA_FLAG_WME, "wmm"],
  [NL80211_STA_FLAG_MFP, "mfp"],
  [NL80211_STA_FLAG_AUTHENTICATED, "authenticated"],
  [NL80211_STA_FLAG_TDLS_PEER, "tdlsPeer"],
  [NL80211_STA_FLAG_ASSOCIATED, "associated"],
];

/** Decode a struct nl80211_sta_flag_update { u32 mask; u32 set; }. */
function parseStationFlags(ad: AttributeDecoder): StationFlags {
  if (ad.length < 8) throw new DecodeError(`attribute type ${ad.type}: nl80211_sta_flag_update needs 8 bytes, has ${ad.length}`);
  const b = ad.bytes();
  const view = new DataView(b.buffer, b.byteOffset, 8);
  const mask = view.getUint32(0, true);
  const set = view.getUint32(4, true);
  const flags: StationFlags = {};
  for (const [bit, name] of FLAG_NAMES) {
    if (mask & (1 << bit)) flags[name] = (set & (1 << bit)) !== 0;
  }
  return flags;
}

/** BssParameters are NL80211_STA_INFO_BSS_PARAM: the BSS a station (our own, in station mode) is in. */
export interface BssParameters {
  ctsProtection: boolean;
  shortPreamble: boolean;
  shortSlotTime: boolean;
  dtimPeriod?: number;
  /** Beacon interval in TU (1024 µs). */
  beaconInterval?: number;
  other: RawAttribute[];
}

function parseBssParameters(data: Uint8Array): BssParameters {
  const p: BssParameters = { ctsProtection: false, shortPreamble: false, shortSlotTime: false, other: [] };
  const ad = new AttributeDecoder(data);
  while (ad.next()) {
    switch (ad.type) {
      case NL80211_STA_BSS_PARAM_CTS_PROT:
        p.ctsProtection = ad.flag();
        break;
      case NL80211_STA_BSS_PARAM_SHORT_PREAMBLE:
        p.shortPreamble = ad.flag();
        break;
      case NL80211_STA_BSS_PARAM_SHORT_SLOT_TIME:
        p.shortSlotTime = ad.flag();
        break;
      case NL80211_STA_BSS_PARAM_DTIM_PERIOD:
        p.dtimPeriod = ad.u8();
        break;
      case NL80211_STA_BSS_PARAM_BEACON_INTERVAL:
        p.beaconInterval = ad.u16();
        break;
      default:
        p.other.push(ad.raw());
    }
  }
  return p;
}

/** Read a list of per-chain s8 dBm values nested by index (STA_INFO_CHAIN_SIGNAL, BSS_CHAIN_SIGNAL). */
export function parseChainSignals(data: Uint8Array): number[] {
  const out: number[] = [];
  const ad = new AttributeDecoder(data);
  while (ad.next()) out.push(ad.s8());
  return out;
}

/**
 * A Station is one peer as NL80211_CMD_GET_STATION reports it: on a station interface the AP it is
 * connected to, on an AP every associated client. Counters the driver does not report are absent.
 * Byte counters are bigint (the kernel keeps 64 bits); packet counters are numbers (u32 on the wire).
 */
export interface Station {
  /** NL80211_ATTR_IFINDEX of the interface the station belongs to. */
  interfaceIndex?: number;
  /** NL80211_ATTR_WDEV. */
  wdev?: bigint;
  /** NL80211_ATTR_MAC: the peer's address. */
  mac: string;
  generation?: number;
  /** NL80211_STA_INFO_CONNECTED_TIME in seconds. */
  connectedTime?: number;
  /** NL80211_STA_INFO_INACTIVE_TIME in milliseconds. */
  inactiveTime?: number;
  /** NL80211_STA_INFO_RX_BYTES64, or the 32-bit RX_BYTES when only that was sent. */
  rxBytes?: bigint;
  /** NL80211_STA_INFO_TX_BYTES64, or the 32-bit TX_BYTES when only that was sent. */
  txBytes?: bigint;
  rxPackets?: number;
  txPackets?: number;
  /** NL80211_STA_INFO_TX_RETRIES. */
  txRetries?: number;
  /** NL80211_STA_INFO_TX_FAILED. */
  txFailed?: number;
  /** NL80211_STA_INFO_RX_DROP_MISC. */
  rxDropMisc?: bigint;
  /** NL80211_STA_INFO_BEACON_LOSS: beacons missed. */
  beaconLoss?: number;
  /** NL80211_STA_INFO_BEACON_RX: beacons received. */
  beaconRx?: bigint;
  /** NL80211_STA_INFO_SIGNAL in dBm. */
  signal?: number;
  /** NL80211_STA_INFO_SIGNAL_AVG in dBm. */
  signalAverage?: number;
  /** NL80211_STA_INFO_CHAIN_SIGNAL: dBm per antenna chain. */
  chainSignal?: number[];
  /** NL80211_STA_INFO_CHAIN_SIGNAL_AVG. */
  chainSignalAverage?: number[];
  /** NL80211_STA_INFO_BEACON_SIGNAL_AVG in dBm. */
  beaconSignalAverage?: number;
  /** NL80211_STA_INFO_ACK_SIGNAL in dBm. */
  ackSignal?: number;
  /** NL80211_STA_INFO_ACK_SIGNAL_AVG in dBm. */
  ackSignalAverage?: number;
  /** NL80211_STA_INFO_EXPECTED_THROUGHPUT in kbit/s. */
  expectedThroughput?: number;
  txBitrate?: RateInfo;
  rxBitrate?: RateInfo;
  flags?: StationFlags;
  bssParameters?: BssParameters;
  /** NL80211_STA_INFO_RX_DURATION / TX_DURATION in microseconds. */
  rxDuration?: bigint;
  txDuration?: bigint;
  rxMpdus?: number;
  fcsErrorCount?: number;
  airtimeWeight?: number;
  /** NL80211_STA_INFO_ASSOC_AT_BOOTTIME: CLOCK_BOOTTIME ns at association. */
  associatedAtBoottime?: bigint;
  /** NL80211_STA_INFO_T_OFFSET (mesh): timing offset in µs. */
  tOffset?: bigint;
  /** Mesh peer link: local/peer link ids, NL80211_PLINK_* state, power modes. */
  llid?: number;
  plid?: number;
  plinkState?: number;
  localPowerMode?: number;
  peerPowerMode?: number;
  nonPeerPowerMode?: number;
  /** Top-level attributes this decoder does not know. */
  other: RawAttribute[];
  /** Attributes inside NL80211_ATTR_STA_INFO this decoder does not know (TID stats, …). */
  otherInfo: RawAttribute[];
}

/** Decode an NL80211_CMD_NEW_STATION message (a GET_STATION reply or a new-station event). */
export function parseStation(attrs: Uint8Array): Station {
  const s: Station = { mac: "", other: [], otherInfo: [] };
  let sawMac = false;
  const ad = new AttributeDecoder(attrs);
  while (ad.next()) {
    switch (ad.type) {
      case NL80211_ATTR_IFINDEX:
        s.interfaceIndex = ad.u32();
        break;
      case NL80211_ATTR_WDEV:
        s.wdev = ad.u64();
        break;
      case NL80211_ATTR_MAC:
        s.mac = decodeMac(ad);
        sawMac = true;
        break;
      case NL80211_ATTR_GENERATION:
        s.generation = ad.u32();
        break;
      case NL80211_ATTR_STA_INFO:
        parseStationInfo(ad.bytes(), s);
        break;
      default:
        s.other.push(ad.raw());
    }
  }
  if (!sawMac) throw new DecodeError("nl80211 station message without NL80211_ATTR_MAC");
  return s;
}

function parseStationInfo(data: Uint8Array, s: Station): void {
  let rx32: number | undefined;
  let tx32: number | undefined;
  const ad = new AttributeDecoder(data);
  while (ad.next()) {
    switch (ad.type) {
      case NL80211_STA_INFO_INACTIVE_TIME:
        s.inactiveTime = ad.u32();
        break;
      case NL80211_STA_INFO_CONNECTED_TIME:
        s.connectedTime = ad.u32();
        break;
      case NL80211_STA_INFO_RX_BYTES:
        rx32 = ad.u32();
        break;
      case NL80211_STA_INFO_TX_BYTES:
        tx32 = ad.u32();
        break;
      case NL80211_STA_INFO_RX_BYTES64:
        s.rxBytes = ad.u64();
        break;
      case NL80211_STA_INFO_TX_BYTES64:
        s.txBytes = ad.u64();
        break;
      case NL80211_STA_INFO_RX_PACKETS:
        s.rxPackets = ad.u32();
        break;
      case NL80211_STA_INFO_TX_PACKETS:
        s.txPackets = ad.u32();
        break;
      case NL80211_STA_INFO_TX_RETRIES:
        s.txRetries = ad.u32();
        break;
      case NL80211_STA_INFO_TX_FAILED:
        s.txFailed = ad.u32();
        break;
      case NL80211_STA_INFO_RX_DROP_MISC:
        s.rxDropMisc = ad.u64();
        break;
      case NL80211_STA_INFO_BEACON_LOSS:
        s.beaconLoss = ad.u32();
        break;
      case NL80211_STA_INFO_BEACON_RX:
        s.beaconRx = ad.u64();
        break;
      case NL80211_STA_INFO_SIGNAL:
        s.signal = ad.s8();
        break;
      case NL80211_STA_INFO_SIGNAL_AVG:
        s.signalAverage = ad.s8();
        break;
      case NL80211_STA_INFO_CHAIN_SIGNAL:
        s.chainSignal = parseChainSignals(ad.bytes());
        break;
      case NL80211_STA_INFO_CHAIN_SIGNAL_AVG:
        s.chainSignalAverage = parseChainSignals(ad.bytes());
        break;
      case NL80211_STA_INFO_BEACON_SIGNAL_AVG:
        s.beaconSignalAverage = ad.s8();
        break;
      case NL80211_STA_INFO_ACK_SIGNAL:
        s.ackSignal = ad.s8();
        break;
      case NL80211_STA_INFO_ACK_SIGNAL_AVG:
        s.ackSignalAverage = ad.s8();
        break;
      case NL80211_STA_INFO_EXPECTED_THROUGHPUT:
        s.expectedThroughput = ad.u32();
        break;
      case NL80211_STA_INFO_TX_BITRATE:
        s.txBitrate = parseRateInfo(ad.bytes());
        break;
      case NL80211_STA_INFO_RX_BITRATE:
        s.rxBitrate = parseRateInfo(ad.bytes());
        break;
      case NL80211_STA_INFO_STA_FLAGS:
        s.flags = parseStationFlags(ad);
        break;
      case NL80211_STA_INFO_BSS_PARAM:
        s.bssParameters = parseBssParameters(ad.bytes());
        break;
      case NL80211_STA_INFO_RX_DURATION:
        s.rxDuration = ad.u64();
        break;
      case NL80211_STA_INFO_TX_DURATION:
        s.txDuration = ad.u64();
        break;
      case NL80211_STA_INFO_RX_MPDUS:
        s.rxMpdus = ad.u32();
        break;
      case NL80211_STA_INFO_FCS_ERROR_COUNT:
        s.fcsErrorCount = ad.u32();
        break;
      case NL80211_STA_INFO_AIRTIME_WEIGHT:
        s.airtimeWeight = ad.u16();
        break;
      case NL80211_STA_INFO_ASSOC_AT_BOOTTIME:
        s.associatedAtBoottime = ad.u64();
        break;
      case NL80211_STA_INFO_T_OFFSET:
        s.tOffset = ad.s64();
        break;
      case NL80211_STA_INFO_LLID:
        s.llid = ad.u16();
        break;
      case NL80211_STA_INFO_PLID:
        s.plid = ad.u16();
        break;
      case NL80211_STA_INFO_PLINK_STATE:
        s.plinkState = ad.u8();
        break;
      case NL80211_STA_INFO_LOCAL_PM:
        s.localPowerMode = ad.u32();
        break;
      case NL80211_STA_INFO_PEER_PM:
        s.peerPowerMode = ad.u32();
        break;
      case NL80211_STA_INFO_NONPEER_PM:
        s.nonPeerPowerMode = ad.u32();
        break;
      default:
        s.otherInfo.push(ad.raw());
    }
  }
  if (s.rxBytes === undefined && rx32 !== undefined) s.rxBytes = BigInt(rx32);
  if (s.txBytes === undefined && tx32 !== undefined) s.txBytes = BigInt(tx32);
}
