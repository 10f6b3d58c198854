import { AttributeDecoder, type RawAttribute } from "../netlink/attribute.ts";
import { DecodeError, EncodeError } from "../netlink/errors.ts";
import { decodeMac } from "./address.ts";
import {
  NL80211_ATTR_4ADDR,
  NL80211_ATTR_CENTER_FREQ1,
  NL80211_ATTR_CENTER_FREQ1_OFFSET,
  NL80211_ATTR_CENTER_FREQ2,
  NL80211_ATTR_CHANNEL_WIDTH,
  NL80211_ATTR_GENERATION,
  NL80211_ATTR_IFINDEX,
  NL80211_ATTR_IFNAME,
  NL80211_ATTR_IFTYPE,
  NL80211_ATTR_MAC,
  NL80211_ATTR_SSID,
  NL80211_ATTR_WDEV,
  NL80211_ATTR_WIPHY,
  NL80211_ATTR_WIPHY_CHANNEL_TYPE,
  NL80211_ATTR_WIPHY_FREQ,
  NL80211_ATTR_WIPHY_FREQ_OFFSET,
  NL80211_ATTR_WIPHY_TX_POWER_LEVEL,
} from "./constants.ts";

/** The nl80211_iftype values by name, in kernel order (index = NL80211_IFTYPE_*). */
const IFTYPES = [
  "unspecified",
  "adhoc",
  "station",
  "ap",
  "ap-vlan",
  "wds",
  "monitor",
  "mesh-point",
  "p2p-client",
  "p2p-go",
  "p2p-device",
  "ocb",
  "nan",
] as const;

/**
 * An InterfaceType names an nl80211_iftype: "station" is NL80211_IFTYPE_STATION (iw's "managed"),
 * "ap" NL80211_IFTYPE_AP and so on. A number is a type this library does not know yet.
 */
export type InterfaceType = (typeof IFTYPES)[number] | number;

/** Name an NL80211_IFTYPE_* number; unknown numbers stay numbers. */
export function interfaceTypeName(type: number): InterfaceType {
  return IFTYPES[type] ?? type;
}

/** The NL80211_IFTYPE_* number of an InterfaceType; EncodeError for an unknown name. */
export function interfaceTypeNumber(type: InterfaceType): number {
  if (typeof type === "number") return type;
  const n = IFTYPES.indexOf(type);
  if (n < 0) throw new EncodeError([`unknown interface type ${JSON.stringify(type)}`]);
  return n;
}

/** The nl80211_chan_width values by name (index = NL80211_CHAN_WIDTH_*). */
const WIDTHS = ["20-noht", "20", "40", "80", "80+80", "160", "5", "10", "1", "2", "4", "8", "16", "320"] as const;

/**
 * A ChannelWidth names an nl80211_chan_width: "20-noht" is a 20 MHz channel without HT, "80+80"
 * two 80 MHz segments. A number is a width this library does not know yet.
 */
export type ChannelWidth = (typeof WIDTHS)[number] | number;

/** Name an NL80211_CHAN_WIDTH_* number; unknown numbers stay numbers. */
export function channelWidthName(width: number): ChannelWidth {
  return WIDTHS[width] ?? width;
}

/** The legacy nl80211_channel_type values by name (index = NL80211_CHAN_*). */
const CHANNEL_TYPES = ["no-ht", "ht20", "ht40-", "ht40+"] as const;

/** A ChannelType names the legacy NL80211_ATTR_WIPHY_CHANNEL_TYPE (HT20, HT40-…). */
export type ChannelType = (typeof CHANNEL_TYPES)[number] | number;

/**
 * An Interface is one wireless device as NL80211_CMD_GET_INTERFACE reports it: a netdev
 * (wlan0) or a device without a netdev (a P2P device has a wdev but no index or name).
 * Fields the kernel did not send are absent: an interface that is down has no frequency.
 */
export interface Interface {
  /** NL80211_ATTR_IFINDEX: the netdev's index; absent for a P2P device. */
  index?: number;
  /** NL80211_ATTR_IFNAME. */
  name?: string;
  /** NL80211_ATTR_MAC: the interface's address. */
  mac?: string;
  /** NL80211_ATTR_WIPHY: the PHY's index (phy#N). */
  phy: number;
  /** NL80211_ATTR_WDEV: the wireless device id (phy index in the top 32 bits). */
  wdev?: bigint;
  /** NL80211_ATTR_IFTYPE. */
  type: InterfaceType;
  /** NL80211_ATTR_WIPHY_FREQ: the operating channel's control frequency in MHz. */
  frequency?: number;
  /** NL80211_ATTR_WIPHY_FREQ_OFFSET: kHz to add to `frequency` (S1G channels). */
  frequencyOffset?: number;
  /** NL80211_ATTR_CHANNEL_WIDTH. */
  channelWidth?: ChannelWidth;
  /** NL80211_ATTR_WIPHY_CHANNEL_TYPE (legacy HT channel type). */
  channelType?: ChannelType;
  /** NL80211_ATTR_CENTER_FREQ1: center of the (first segment of the) channel, MHz. */
  centerFrequency1?: number;
  /** NL80211_ATTR_CENTER_FREQ1_OFFSET: kHz to add to `centerFrequency1`. */
  centerFrequency1Offset?: number;
  /** NL80211_ATTR_CENTER_FREQ2: center of the second 80 MHz segment (80+80 only), MHz. */
  centerFrequency2?: number;
  /** NL80211_ATTR_SSID: the SSID of the BSS the interface runs (AP) or is connected to. */
  ssid?: string;
  /** NL80211_ATTR_SSID as sent: SSIDs are bytes and need not be UTF-8. */
  ssidBytes?: Uint8Array;
  /** NL80211_ATTR_WIPHY_TX_POWER_LEVEL converted from mBm to dBm (30 for 3000 mBm). */
  txPower?: number;
  /** NL80211_ATTR_4ADDR: whether 4-address (WDS) frames are used. */
  fourAddress?: boolean;
  /** NL80211_ATTR_GENERATION: changes whenever the interface list changes. */
  generation?: number;
  /** Attributes this decoder does not know, kept as they came. */
  other: RawAttribute[];
}

const textDecoder = new TextDecoder();

/**
 * Decode the attributes of an NL80211_CMD_NEW_INTERFACE message (a GET_INTERFACE reply or an
 * interface event). Throws DecodeError for an attribute of the wrong size or a message without
 * NL80211_ATTR_WIPHY (unless `requirePhy` is false: channel-switch events have none; `phy` is -1 then).
 */
export function parseInterface(attrs: Uint8Array, options: { requirePhy?: boolean } = {}): Interface {
  const out: Interface = { phy: -1, type: "unspecified", other: [] };
  let sawPhy = false;
  const ad = new AttributeDecoder(attrs);
  while (ad.next()) {
    switch (ad.type) {
      case NL80211_ATTR_IFINDEX:
        out.index = ad.u32();
        break;
      case NL80211_ATTR_IFNAME:
        out.name = ad.string();
        break;
      case NL80211_ATTR_MAC:
        out.mac = decodeMac(ad);
        break;
      case NL80211_ATTR_WIPHY:
        out.phy = ad.u32();
        sawPhy = true;
        break;
      case NL80211_ATTR_WDEV:
        out.wdev = ad.u64();
        break;
      case NL80211_ATTR_IFTYPE:
        out.type = interfaceTypeName(ad.u32());
        break;
      case NL80211_ATTR_WIPHY_FREQ:
        out.frequency = ad.u32();
        break;
      case NL80211_ATTR_WIPHY_FREQ_OFFSET:
        out.frequencyOffset = ad.u32();
        break;
      case NL80211_ATTR_CHANNEL_WIDTH:
        out.channelWidth = channelWidthName(ad.u32());
        break;
      case NL80211_ATTR_WIPHY_CHANNEL_TYPE:
        out.channelType = CHANNEL_TYPES[ad.u32()] ?? ad.u32();
        break;
      case NL80211_ATTR_CENTER_FREQ1:
        out.centerFrequency1 = ad.u32();
        break;
      case NL80211_ATTR_CENTER_FREQ1_OFFSET:
        out.centerFrequency1Offset = ad.u32();
        break;
      case NL80211_ATTR_CENTER_FREQ2:
        out.centerFrequency2 = ad.u32();
        break;
      case NL80211_ATTR_SSID:
        out.ssidBytes = ad.bytes().slice();
        out.ssid = textDecoder.decode(out.ssidBytes);
        break;
      case NL80211_ATTR_WIPHY_TX_POWER_LEVEL:
        // Declared u32 in the uapi, but the value is a signed mBm (negative on some drivers).
        out.txPower = ad.s32() / 100;
        break;
      case NL80211_ATTR_4ADDR:
        out.fourAddress = ad.u8() !== 0;
        break;
      case NL80211_ATTR_GENERATION:
        out.generation = ad.u32();
        break;
      default:
        out.other.push(ad.raw());
    }
  }
  if (!sawPhy && options.requirePhy !== false) throw new DecodeError("nl80211 interface message without NL80211_ATTR_WIPHY");
  return out;
}
