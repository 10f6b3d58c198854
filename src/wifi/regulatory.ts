import { AttributeDecoder, type RawAttribute } from "../netlink/attribute.ts";
import {
  NL80211_ATTR_DFS_CAC_TIME,
  NL80211_ATTR_DFS_REGION,
  NL80211_ATTR_FREQ_RANGE_END,
  NL80211_ATTR_FREQ_RANGE_MAX_BW,
  NL80211_ATTR_FREQ_RANGE_START,
  NL80211_ATTR_POWER_RULE_MAX_ANT_GAIN,
  NL80211_ATTR_POWER_RULE_MAX_EIRP,
  NL80211_ATTR_REG_ALPHA2,
  NL80211_ATTR_REG_RULE_FLAGS,
  NL80211_ATTR_REG_RULES,
  NL80211_ATTR_WIPHY,
  NL80211_ATTR_WIPHY_SELF_MANAGED_REG,
  NL80211_RRF_AUTO_BW,
  NL80211_RRF_DFS,
  NL80211_RRF_IR_CONCURRENT,
  NL80211_RRF_NO_160MHZ,
  NL80211_RRF_NO_320MHZ,
  NL80211_RRF_NO_80MHZ,
  NL80211_RRF_NO_CCK,
  NL80211_RRF_NO_HE,
  NL80211_RRF_NO_HT40MINUS,
  NL80211_RRF_NO_HT40PLUS,
  NL80211_RRF_NO_INDOOR,
  NL80211_RRF_NO_IR,
  NL80211_RRF_NO_OFDM,
  NL80211_RRF_NO_OUTDOOR,
  NL80211_RRF_PTMP_ONLY,
  NL80211_RRF_PTP_ONLY,
} from "./constants.ts";

/** nl80211_dfs_regions by name. */
const DFS_REGIONS = ["unset", "FCC", "ETSI", "JP"] as const;

/** A DfsRegion names an nl80211_dfs_regions value; a number is one this library does not know. */
export type DfsRegion = (typeof DFS_REGIONS)[number] | number;

/** NL80211_RRF_* bits by name, as iw prints them. */
const RULE_FLAGS: [number, string][] = [
  [NL80211_RRF_NO_OFDM, "NO-OFDM"],
  [NL80211_RRF_NO_CCK, "NO-CCK"],
  [NL80211_RRF_NO_INDOOR, "NO-INDOOR"],
  [NL80211_RRF_NO_OUTDOOR, "NO-OUTDOOR"],
  [NL80211_RRF_DFS, "DFS"],
  [NL80211_RRF_PTP_ONLY, "PTP-ONLY"],
  [NL80211_RRF_PTMP_ONLY, "PTMP-ONLY"],
  [NL80211_RRF_NO_IR, "NO-IR"],
  // __NL80211_RRF_NO_IBSS: old kernels' separate no-IBSS bit.
  [1 << 8, "NO-IBSS"],
  [NL80211_RRF_AUTO_BW, "AUTO-BW"],
  [NL80211_RRF_IR_CONCURRENT, "IR-CONCURRENT"],
  [NL80211_RRF_NO_HT40MINUS, "NO-HT40MINUS"],
  [NL80211_RRF_NO_HT40PLUS, "NO-HT40PLUS"],
  [NL80211_RRF_NO_80MHZ, "NO-80MHZ"],
  [NL80211_RRF_NO_160MHZ, "NO-160MHZ"],
  [NL80211_RRF_NO_HE, "NO-HE"],
  [NL80211_RRF_NO_320MHZ, "NO-320MHZ"],
];

/** A RegulatoryRule is one frequency range of a regulatory domain and its limits. */
export interface RegulatoryRule {
  /** NL80211_ATTR_FREQ_RANGE_START / END / MAX_BW in kHz. */
  startFrequency: number;
  endFrequency: number;
  maxBandwidth: number;
  /** NL80211_ATTR_POWER_RULE_MAX_ANT_GAIN in mBi (100 × dBi). */
  maxAntennaGain: number;
  /** NL80211_ATTR_POWER_RULE_MAX_EIRP in mBm (100 × dBm). */
  maxEirp: number;
  /** NL80211_ATTR_DFS_CAC_TIME in ms. */
  dfsCacTime?: number;
  /** NL80211_ATTR_REG_RULE_FLAGS: the NL80211_RRF_* bitmap. */
  flagBits: number;
  /** The flags by name as iw prints them ("NO-IR", "DFS", "AUTO-BW"…). */
  flags: string[];
  other: RawAttribute[];
}

/**
 * A RegulatoryDomain is a country's (or the world's) rules as NL80211_CMD_GET_REG reports them:
 * the global domain, or a self-managed PHY's own when `phy` is set.
 */
export interface RegulatoryDomain {
  /** NL80211_ATTR_REG_ALPHA2: "US", "00" for the world domain. */
  country: string;
  /** NL80211_ATTR_DFS_REGION. */
  dfsRegion?: DfsRegion;
  /** NL80211_ATTR_WIPHY: set when this is one PHY's domain. */
  phy?: number;
  /** NL80211_ATTR_WIPHY_SELF_MANAGED_REG. */
  selfManaged: boolean;
  rules: RegulatoryRule[];
  other: RawAttribute[];
}

/** Decode an NL80211_CMD_GET_REG reply. */
export function parseRegulatoryDomain(attrs: Uint8Array): RegulatoryDomain {
  const d: RegulatoryDomain = { country: "", selfManaged: false, rules: [], other: [] };
  const ad = new AttributeDecoder(attrs);
  while (ad.next()) {
    switch (ad.type) {
      case NL80211_ATTR_REG_ALPHA2:
        d.country = ad.string();
        break;
      case NL80211_ATTR_DFS_REGION: {
        const r = ad.u8();
        d.dfsRegion = DFS_REGIONS[r] ?? r;
        break;
      }
      case NL80211_ATTR_WIPHY:
        d.phy = ad.u32();
        break;
      case NL80211_ATTR_WIPHY_SELF_MANAGED_REG:
        d.selfManaged = ad.flag();
        break;
      case NL80211_ATTR_REG_RULES: {
        const rd = ad.nested();
        while (rd.next()) d.rules.push(parseRule(rd.bytes()));
        break;
      }
      default:
        d.other.push(ad.raw());
    }
  }
  return d;
}

function parseRule(data: Uint8Array): RegulatoryRule {
  const r: RegulatoryRule = { startFrequency: 0, endFrequency: 0, maxBandwidth: 0, maxAntennaGain: 0, maxEirp: 0, flagBits: 0, flags: [], other: [] };
  const ad = new AttributeDecoder(data);
  while (ad.next()) {
    switch (ad.type) {
      case NL80211_ATTR_REG_RULE_FLAGS:
        r.flagBits = ad.u32();
        r.flags = RULE_FLAGS.filter(([bit]) => (r.flagBits & bit) !== 0).map(([, name]) => name);
        break;
      case NL80211_ATTR_FREQ_RANGE_START:
        r.startFrequency = ad.u32();
        break;
      case NL80211_ATTR_FREQ_RANGE_END:
        r.endFrequency = ad.u32();
        break;
      case NL80211_ATTR_FREQ_RANGE_MAX_BW:
        r.maxBandwidth = ad.u32();
        break;
      case NL80211_ATTR_POWER_RULE_MAX_ANT_GAIN:
        r.maxAntennaGain = ad.u32();
        break;
      case NL80211_ATTR_POWER_RULE_MAX_EIRP:
        r.maxEirp = ad.u32();
        break;
      case NL80211_ATTR_DFS_CAC_TIME:
        r.dfsCacTime = ad.u32();
        break;
      default:
        r.other.push(ad.raw());
    }
  }
  return r;
}
