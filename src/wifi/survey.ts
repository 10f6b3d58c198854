import { AttributeDecoder, type RawAttribute } from "../netlink/attribute.ts";
import { DecodeError } from "../netlink/errors.ts";
import {
  NL80211_ATTR_IFINDEX,
  NL80211_ATTR_SURVEY_INFO,
  NL80211_ATTR_WDEV,
  NL80211_SURVEY_INFO_FREQUENCY,
  NL80211_SURVEY_INFO_FREQUENCY_OFFSET,
  NL80211_SURVEY_INFO_IN_USE,
  NL80211_SURVEY_INFO_NOISE,
  NL80211_SURVEY_INFO_TIME,
  NL80211_SURVEY_INFO_TIME_BSS_RX,
  NL80211_SURVEY_INFO_TIME_BUSY,
  NL80211_SURVEY_INFO_TIME_EXT_BUSY,
  NL80211_SURVEY_INFO_TIME_RX,
  NL80211_SURVEY_INFO_TIME_SCAN,
  NL80211_SURVEY_INFO_TIME_TX,
} from "./constants.ts";

/**
 * A Survey is one channel's survey data (NL80211_CMD_GET_SURVEY): noise and how the radio spent
 * its time there. Times are milliseconds as bigint (u64 in the kernel); absent when not reported.
 */
export interface Survey {
  interfaceIndex?: number;
  wdev?: bigint;
  /** NL80211_SURVEY_INFO_FREQUENCY in MHz. */
  frequency: number;
  /** NL80211_SURVEY_INFO_FREQUENCY_OFFSET in kHz. */
  frequencyOffset?: number;
  /** NL80211_SURVEY_INFO_NOISE in dBm. */
  noise?: number;
  /** NL80211_SURVEY_INFO_IN_USE: the channel the radio is on. */
  inUse: boolean;
  /** NL80211_SURVEY_INFO_TIME: time the radio was on the channel. */
  activeTime?: bigint;
  /** NL80211_SURVEY_INFO_TIME_BUSY: time the channel was sensed busy. */
  busyTime?: bigint;
  /** NL80211_SURVEY_INFO_TIME_EXT_BUSY: busy time of the extension channel. */
  extensionBusyTime?: bigint;
  /** NL80211_SURVEY_INFO_TIME_RX / TIME_TX: time spent receiving / transmitting. */
  receiveTime?: bigint;
  transmitTime?: bigint;
  /** NL80211_SURVEY_INFO_TIME_SCAN: time spent scanning. */
  scanTime?: bigint;
  /** NL80211_SURVEY_INFO_TIME_BSS_RX: time receiving frames of the own BSS. */
  bssReceiveTime?: bigint;
  other: RawAttribute[];
  otherInfo: RawAttribute[];
}

/** Decode an NL80211_CMD_NEW_SURVEY_RESULTS message (a GET_SURVEY dump entry). */
export function parseSurvey(attrs: Uint8Array): Survey {
  const s: Survey = { frequency: 0, inUse: false, other: [], otherInfo: [] };
  let sawInfo = false;
  const ad = new AttributeDecoder(attrs);
  while (ad.next()) {
    switch (ad.type) {
      case NL80211_ATTR_IFINDEX:
        s.interfaceIndex = ad.u32();
        break;
      case NL80211_ATTR_WDEV:
        s.wdev = ad.u64();
        break;
      case NL80211_ATTR_SURVEY_INFO: {
        sawInfo = true;
        const nd = ad.nested();
        while (nd.next()) {
          switch (nd.type) {
            case NL80211_SURVEY_INFO_FREQUENCY:
              s.frequency = nd.u32();
              break;
            case NL80211_SURVEY_INFO_FREQUENCY_OFFSET:
              s.frequencyOffset = nd.u32();
              break;
            case NL80211_SURVEY_INFO_NOISE:
              s.noise = nd.s8();
              break;
            case NL80211_SURVEY_INFO_IN_USE:
              s.inUse = nd.flag();
              break;
            case NL80211_SURVEY_INFO_TIME:
              s.activeTime = nd.u64();
              break;
            case NL80211_SURVEY_INFO_TIME_BUSY:
              s.busyTime = nd.u64();
              break;
            case NL80211_SURVEY_INFO_TIME_EXT_BUSY:
              s.extensionBusyTime = nd.u64();
              break;
            case NL80211_SURVEY_INFO_TIME_RX:
              s.receiveTime = nd.u64();
              break;
            case NL80211_SURVEY_INFO_TIME_TX:
              s.transmitTime = nd.u64();
              break;
            case NL80211_SURVEY_INFO_TIME_SCAN:
              s.scanTime = nd.u64();
              break;
            case NL80211_SURVEY_INFO_TIME_BSS_RX:
              s.bssReceiveTime = nd.u64();
              break;
            default:
              s.otherInfo.push(nd.raw());
          }
        }
        break;
      }
      default:
        s.other.push(ad.raw());
    }
  }
  if (!sawInfo) throw new DecodeError("nl80211 survey message without NL80211_ATTR_SURVEY_INFO");
  return s;
}
