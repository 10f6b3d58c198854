import { AttributeDecoder, type RawAttribute } from "../netlink/attribute.ts";
import { DecodeError } from "../netlink/errors.ts";
import { decodeMac } from "./address.ts";
import {
  NL80211_ATTR_BSS,
  NL80211_ATTR_GENERATION,
  NL80211_ATTR_IFINDEX,
  NL80211_ATTR_WDEV,
  NL80211_BSS_BEACON_IES,
  NL80211_BSS_BEACON_INTERVAL,
  NL80211_BSS_BEACON_TSF,
  NL80211_BSS_BSSID,
  NL80211_BSS_CAPABILITY,
  NL80211_BSS_CHAIN_SIGNAL,
  NL80211_BSS_CHAN_WIDTH,
  NL80211_BSS_FREQUENCY,
  NL80211_BSS_FREQUENCY_OFFSET,
  NL80211_BSS_INFORMATION_ELEMENTS,
  NL80211_BSS_LAST_SEEN_BOOTTIME,
  NL80211_BSS_MLD_ADDR,
  NL80211_BSS_MLO_LINK_ID,
  NL80211_BSS_PARENT_BSSID,
  NL80211_BSS_PARENT_TSF,
  NL80211_BSS_PRESP_DATA,
  NL80211_BSS_SEEN_MS_AGO,
  NL80211_BSS_SIGNAL_MBM,
  NL80211_BSS_SIGNAL_UNSPEC,
  NL80211_BSS_STATUS,
  NL80211_BSS_TSF,
} from "./constants.ts";
import { parseInformationElements, type InformationElements } from "./ie.ts";
import { parseChainSignals } from "./station.ts";

/** nl80211_bss_status by name. Status 2 is NL80211_BSS_STATUS_IBSS_JOINED. */
const STATUSES = ["authenticated", "associated", "ibss-joined"] as const;

/** A BssStatus says what this host's interface has to do with the BSS; absent means nothing. */
export type BssStatus = (typeof STATUSES)[number] | number;

/** IEEE 802.11 Capability Information bits a scan result's `capability` carries. */
export const WLAN_CAPABILITY_ESS = 1 << 0;
export const WLAN_CAPABILITY_IBSS = 1 << 1;
export const WLAN_CAPABILITY_PRIVACY = 1 << 4;
export const WLAN_CAPABILITY_SHORT_PREAMBLE = 1 << 5;
export const WLAN_CAPABILITY_SHORT_SLOT_TIME = 1 << 10;

/**
 * A Bss is one scan result (NL80211_CMD_GET_SCAN): a network the interface has heard, with its
 * information elements parsed. Signal is either `signal` (dBm, when the driver reports mBm) or
 * `signalUnspecified` (0..100, an unspecified unit): never both.
 */
export interface Bss {
  /** NL80211_ATTR_IFINDEX of the interface that saw it. */
  interfaceIndex?: number;
  wdev?: bigint;
  generation?: number;
  /** NL80211_BSS_BSSID. */
  bssid: string;
  /** NL80211_BSS_FREQUENCY in MHz. */
  frequency?: number;
  /** NL80211_BSS_FREQUENCY_OFFSET in kHz. */
  frequencyOffset?: number;
  /** NL80211_BSS_TSF: the timing synchronisation function value in µs. */
  tsf?: bigint;
  /** NL80211_BSS_BEACON_TSF: the TSF of the last beacon. */
  beaconTsf?: bigint;
  /** NL80211_BSS_BEACON_INTERVAL in TU (1024 µs). */
  beaconInterval?: number;
  /** NL80211_BSS_CAPABILITY: the Capability Information field (WLAN_CAPABILITY_*). */
  capability?: number;
  /** NL80211_BSS_SIGNAL_MBM converted to dBm (-20 for -2000 mBm). */
  signal?: number;
  /** NL80211_BSS_SIGNAL_UNSPEC: a u8 in 0..100 for drivers without dBm. */
  signalUnspecified?: number;
  /** NL80211_BSS_CHAIN_SIGNAL: per-chain dBm. */
  chainSignal?: number[];
  /** NL80211_BSS_STATUS. */
  status?: BssStatus;
  /** NL80211_BSS_SEEN_MS_AGO: milliseconds since it was last seen. */
  lastSeen?: number;
  /** NL80211_BSS_LAST_SEEN_BOOTTIME: CLOCK_BOOTTIME ns when it was last seen. */
  lastSeenBoottime?: bigint;
  /** NL80211_BSS_CHAN_WIDTH (nl80211_bss_scan_width). */
  scanWidth?: number;
  /** NL80211_BSS_PRESP_DATA: the elements came from a probe response, not a beacon. */
  probeResponseData?: boolean;
  /** NL80211_BSS_PARENT_TSF / PARENT_BSSID: the TSF of a connected BSS at the time this was seen. */
  parentTsf?: bigint;
  parentBssid?: string;
  /** NL80211_BSS_MLO_LINK_ID / MLD_ADDR (multi-link). */
  mloLinkId?: number;
  mldAddress?: string;
  /** The SSID from the elements (a shortcut for informationElements.ssid). */
  ssid?: string;
  /**
   * NL80211_BSS_INFORMATION_ELEMENTS parsed (probe response or beacon, whichever came last).
   * Absent when the elements are malformed: see `informationElementsError`.
   */
  informationElements?: InformationElements;
  /** NL80211_BSS_BEACON_IES parsed, when the kernel has them apart. */
  beaconInformationElements?: InformationElements;
  /**
   * Set when the elements are malformed (the AP's fault, not the kernel's): the rest of the
   * result stays usable and the raw bytes are in `rawInformationElements`.
   */
  informationElementsError?: DecodeError;
  rawInformationElements?: Uint8Array;
  rawBeaconInformationElements?: Uint8Array;
  /** Top-level attributes this decoder does not know. */
  other: RawAttribute[];
  /** Attributes inside NL80211_ATTR_BSS this decoder does not know. */
  otherBss: RawAttribute[];
}

/** Decode an NL80211_CMD_NEW_SCAN_RESULTS message (one GET_SCAN dump entry). */
export function parseBss(attrs: Uint8Array): Bss {
  const b: Bss = { bssid: "", other: [], otherBss: [] };
  let sawBss = false;
  const ad = new AttributeDecoder(attrs);
  while (ad.next()) {
    switch (ad.type) {
      case NL80211_ATTR_IFINDEX:
        b.interfaceIndex = ad.u32();
        break;
      case NL80211_ATTR_WDEV:
        b.wdev = ad.u64();
        break;
      case NL80211_ATTR_GENERATION:
        b.generation = ad.u32();
        break;
      case NL80211_ATTR_BSS:
        sawBss = true;
        parseBssNest(ad.bytes(), b);
        break;
      default:
        b.other.push(ad.raw());
    }
  }
  if (!sawBss) throw new DecodeError("nl80211 scan result without NL80211_ATTR_BSS");
  return b;
}

function parseBssNest(data: Uint8Array, b: Bss): void {
  let sawBssid = false;
  const ad = new AttributeDecoder(data);
  while (ad.next()) {
    switch (ad.type) {
      case NL80211_BSS_BSSID:
        b.bssid = decodeMac(ad);
        sawBssid = true;
        break;
      case NL80211_BSS_FREQUENCY:
        b.frequency = ad.u32();
        break;
      case NL80211_BSS_FREQUENCY_OFFSET:
        b.frequencyOffset = ad.u32();
        break;
      case NL80211_BSS_TSF:
        b.tsf = ad.u64();
        break;
      case NL80211_BSS_BEACON_TSF:
        b.beaconTsf = ad.u64();
        break;
      case NL80211_BSS_BEACON_INTERVAL:
        b.beaconInterval = ad.u16();
        break;
      case NL80211_BSS_CAPABILITY:
        b.capability = ad.u16();
        break;
      case NL80211_BSS_SIGNAL_MBM:
        b.signal = ad.s32() / 100;
        break;
      case NL80211_BSS_SIGNAL_UNSPEC:
        // A u8 (mdlayher/wifi read it as a u32 and failed on real drivers).
        b.signalUnspecified = ad.u8();
        break;
      case NL80211_BSS_CHAIN_SIGNAL:
        b.chainSignal = parseChainSignals(ad.bytes());
        break;
      case NL80211_BSS_STATUS: {
        const s = ad.u32();
        b.status = STATUSES[s] ?? s;
        break;
      }
      case NL80211_BSS_SEEN_MS_AGO:
        b.lastSeen = ad.u32();
        break;
      case NL80211_BSS_LAST_SEEN_BOOTTIME:
        b.lastSeenBoottime = ad.u64();
        break;
      case NL80211_BSS_CHAN_WIDTH:
        b.scanWidth = ad.u32();
        break;
      case NL80211_BSS_PRESP_DATA:
        b.probeResponseData = ad.flag();
        break;
      case NL80211_BSS_PARENT_TSF:
        b.parentTsf = ad.u64();
        break;
      case NL80211_BSS_PARENT_BSSID:
        b.parentBssid = decodeMac(ad);
        break;
      case NL80211_BSS_MLO_LINK_ID:
        b.mloLinkId = ad.u8();
        break;
      case NL80211_BSS_MLD_ADDR:
        b.mldAddress = decodeMac(ad);
        break;
      case NL80211_BSS_INFORMATION_ELEMENTS:
        b.rawInformationElements = ad.bytes().slice();
        try {
          b.informationElements = parseInformationElements(b.rawInformationElements);
          if (b.informationElements.ssid !== undefined) b.ssid = b.informationElements.ssid;
        } catch (err) {
          if (!(err instanceof DecodeError)) throw err;
          b.informationElementsError = err;
        }
        break;
      case NL80211_BSS_BEACON_IES:
        b.rawBeaconInformationElements = ad.bytes().slice();
        try {
          b.beaconInformationElements = parseInformationElements(b.rawBeaconInformationElements);
        } catch (err) {
          if (!(err instanceof DecodeError)) throw err;
          b.informationElementsError ??= err;
        }
        break;
      default:
        b.otherBss.push(ad.raw());
    }
  }
  if (!sawBssid) throw new DecodeError("nl80211 scan result without NL80211_BSS_BSSID");
}
