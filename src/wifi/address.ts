import type { AttributeDecoder } from "../netlink/attribute.ts";
import { DecodeError, EncodeError } from "../netlink/errors.ts";
import { formatMAC } from "../rtnetlink/ip.ts";

/** ETH_ALEN: every nl80211 MAC attribute (NL80211_ATTR_MAC, NL80211_BSS_BSSID…) is 6 bytes. */
export const ETH_ALEN = 6;

/** Read the current attribute as a 6-byte MAC address ("02:00:00:00:01:00"); DecodeError otherwise. */
export function decodeMac(ad: AttributeDecoder): string {
  if (ad.length !== ETH_ALEN) {
    throw new DecodeError(`attribute type ${ad.type}: MAC address needs ${ETH_ALEN} bytes, has ${ad.length}`);
  }
  return formatMAC(ad.bytes());
}

/** Parse "02:00:00:00:01:00" (or 6 bytes) into the 6 bytes nl80211 expects; EncodeError otherwise. */
export function encodeMac(mac: string | Uint8Array): Uint8Array {
  if (mac instanceof Uint8Array) {
    if (mac.length !== ETH_ALEN) throw new EncodeError([`MAC address needs ${ETH_ALEN} bytes, has ${mac.length}`]);
    return mac;
  }
  const parts = mac.split(":");
  if (parts.length !== ETH_ALEN || !parts.every((p) => /^[0-9a-fA-F]{2}$/.test(p))) {
    throw new EncodeError([`${JSON.stringify(mac)} is not a MAC address (six hex pairs separated by ':')`]);
  }
  return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}

