import { AttributeDecoder, type RawAttribute } from "../netlink/attribute.ts";
import { decodeMac } from "./address.ts";
import * as C from "./constants.ts";
import { formatMAC } from "../rtnetlink/ip.ts";
import { parseInterface, type Interface } from "./interface.ts";
import { parseStation, type Station } from "./station.ts";

/** Names of NL80211_CMD_* numbers; the deprecated aliases give way to the current names. */
const COMMAND_NAMES = new Map<number, string>();
const ALIASES = new Set(["NL80211_CMD_NEW_BEACON", "NL80211_CMD_DEL_BEACON", "NL80211_CMD_REGISTER_ACTION", "NL80211_CMD_ACTION", "NL80211_CMD_ACTION_TX_STATUS"]);
for (const [name, value] of Object.entries(C)) {
  if (name.startsWith("NL80211_CMD_") && typeof value === "number" && !ALIASES.has(name)) COMMAND_NAMES.set(value, name);
}

/** The uapi name of an nl80211 command number ("NL80211_CMD_CONNECT"), or "NL80211_CMD_<n>". */
export function commandName(command: number): string {
  return COMMAND_NAMES.get(command) ?? `NL80211_CMD_${command}`;
}

/** What every event has: the command it came as. */
export interface EventBase {
  /** The NL80211_CMD_* number. */
  command: number;
  /** Its uapi name. */
  commandName: string;
}

/** An interface was created or removed (NL80211_CMD_NEW_INTERFACE / DEL_INTERFACE, group "config"). */
export interface InterfaceEvent extends EventBase {
  type: "interface-added" | "interface-removed";
  interface: Interface;
}

/** The outcome of a connection attempt or a roam (NL80211_CMD_CONNECT / ROAM, group "mlme"). */
export interface ConnectEvent extends EventBase {
  type: "connect" | "roam";
  interfaceIndex?: number;
  phy?: number;
  /** NL80211_ATTR_MAC: the BSSID (absent when the attempt failed before choosing one). */
  bssid?: string;
  /** NL80211_ATTR_STATUS_CODE: the IEEE 802.11 status code, 0 on success. */
  statusCode?: number;
  /** NL80211_ATTR_TIMED_OUT: no response from the AP. */
  timedOut: boolean;
  /** NL80211_ATTR_TIMEOUT_REASON (nl80211_timeout_reason). */
  timeoutReason?: number;
  /** Whether the connection was made (status code 0 and no time-out). */
  success: boolean;
  /** NL80211_ATTR_REQ_IE / RESP_IE: the (re)association request and response elements. */
  requestIes?: Uint8Array;
  responseIes?: Uint8Array;
}

/** The connection ended (NL80211_CMD_DISCONNECT, group "mlme"). */
export interface DisconnectEvent extends EventBase {
  type: "disconnect";
  interfaceIndex?: number;
  phy?: number;
  /** NL80211_ATTR_REASON_CODE: the IEEE 802.11 reason code. */
  reasonCode?: number;
  /** NL80211_ATTR_DISCONNECTED_BY_AP: the AP ended it (else this host did). */
  byAp: boolean;
}

/**
 * An MLME frame was sent or received (NL80211_CMD_AUTHENTICATE, ASSOCIATE, DEAUTHENTICATE,
 * DISASSOCIATE, group "mlme"): `frame` is the 802.11 management frame, with the addresses and
 * status or reason code read out of it.
 */
export interface MlmeEvent extends EventBase {
  type: "authenticate" | "associate" | "deauthenticate" | "disassociate";
  interfaceIndex?: number;
  phy?: number;
  /** NL80211_ATTR_TIMED_OUT: the peer did not answer (then `bssid` comes from NL80211_ATTR_MAC). */
  timedOut: boolean;
  /** The BSSID (address 3 of the frame). */
  bssid?: string;
  /** Transmitter (address 2) and receiver (address 1) of the frame. */
  source?: string;
  destination?: string;
  /** The status code of an authentication or association response. */
  statusCode?: number;
  /** The reason code of a deauthentication or disassociation. */
  reasonCode?: number;
  /** NL80211_ATTR_FRAME. */
  frame?: Uint8Array;
}

/** A station was added or removed (NL80211_CMD_NEW_STATION / DEL_STATION, group "mlme"). */
export interface StationEvent extends EventBase {
  type: "station-added" | "station-removed";
  interfaceIndex?: number;
  mac: string;
  station: Station;
}

/** A scan started, finished or was aborted (NL80211_CMD_TRIGGER_SCAN / NEW_SCAN_RESULTS / SCAN_ABORTED, group "scan"). */
export interface ScanEvent extends EventBase {
  type: "scan-started" | "scan-finished" | "scan-aborted";
  interfaceIndex?: number;
  phy?: number;
  wdev?: bigint;
  /** NL80211_ATTR_SCAN_FREQUENCIES: the channels scanned, MHz. */
  frequencies: number[];
  /** NL80211_ATTR_SCAN_SSIDS: the SSIDs probed for ("" is the wildcard). */
  ssids: string[];
}

/** nl80211_reg_initiator by name. */
const INITIATORS = ["core", "user", "driver", "country-ie"] as const;
/** nl80211_reg_type by name. */
const REG_TYPES = ["country", "world", "custom-world", "intersection"] as const;

/** The regulatory domain changed (NL80211_CMD_REG_CHANGE, WIPHY_REG_CHANGE, REG_BEACON_HINT, group "regulatory"). */
export interface RegulatoryEvent extends EventBase {
  type: "regulatory-change" | "phy-regulatory-change" | "regulatory-beacon-hint";
  /** NL80211_ATTR_REG_INITIATOR. */
  initiator?: (typeof INITIATORS)[number] | number;
  /** NL80211_ATTR_REG_TYPE. */
  regulatoryType?: (typeof REG_TYPES)[number] | number;
  /** NL80211_ATTR_REG_ALPHA2 (country domains only). */
  country?: string;
  /** NL80211_ATTR_WIPHY, for a PHY's own change or a beacon hint. */
  phy?: number;
  selfManaged: boolean;
}

/** A PHY appeared or went away (NL80211_CMD_NEW_WIPHY / DEL_WIPHY, group "config"). */
export interface PhyEvent extends EventBase {
  type: "phy-added" | "phy-removed";
  phy?: number;
  name?: string;
}

/** The 802.1X port was authorized after the 4-way handshake (NL80211_CMD_PORT_AUTHORIZED). */
export interface PortAuthorizedEvent extends EventBase {
  type: "port-authorized";
  interfaceIndex?: number;
  bssid?: string;
}

/** The operating channel changed (NL80211_CMD_CH_SWITCH_NOTIFY / CH_SWITCH_STARTED_NOTIFY). */
export interface ChannelSwitchEvent extends EventBase {
  type: "channel-switch" | "channel-switch-started";
  /** The channel fields (index, frequency, width, centers) decoded as for an interface. */
  interface: Partial<Interface>;
}

/** Any other nl80211 event, with its attributes kept raw. */
export interface UnknownEvent extends EventBase {
  type: "unknown";
  attributes: RawAttribute[];
}

/** The kernel dropped events (ENOBUFS): state may have changed unseen; re-read what matters. */
export interface OverrunEvent {
  type: "overrun";
  /** Overruns on this connection so far. */
  count: number;
}

/** A WifiEvent is one typed nl80211 notification, discriminated by `type`. */
export type WifiEvent =
  | InterfaceEvent
  | ConnectEvent
  | DisconnectEvent
  | MlmeEvent
  | StationEvent
  | ScanEvent
  | RegulatoryEvent
  | PhyEvent
  | PortAuthorizedEvent
  | ChannelSwitchEvent
  | UnknownEvent;

const textDecoder = new TextDecoder();

/** Decode one nl80211 notification (command and attributes) into a WifiEvent. */
export function parseEvent(command: number, attrs: Uint8Array): WifiEvent {
  const base: EventBase = { command, commandName: commandName(command) };
  switch (command) {
    case C.NL80211_CMD_NEW_INTERFACE:
    case C.NL80211_CMD_DEL_INTERFACE:
      return { ...base, type: command === C.NL80211_CMD_NEW_INTERFACE ? "interface-added" : "interface-removed", interface: parseInterface(attrs) };
    case C.NL80211_CMD_CONNECT:
    case C.NL80211_CMD_ROAM:
      return parseConnect(base, command === C.NL80211_CMD_CONNECT ? "connect" : "roam", attrs);
    case C.NL80211_CMD_DISCONNECT:
      return parseDisconnect(base, attrs);
    case C.NL80211_CMD_AUTHENTICATE:
      return parseMlme(base, "authenticate", attrs);
    case C.NL80211_CMD_ASSOCIATE:
      return parseMlme(base, "associate", attrs);
    case C.NL80211_CMD_DEAUTHENTICATE:
      return parseMlme(base, "deauthenticate", attrs);
    case C.NL80211_CMD_DISASSOCIATE:
      return parseMlme(base, "disassociate", attrs);
    case C.NL80211_CMD_NEW_STATION:
    case C.NL80211_CMD_DEL_STATION: {
      const station = parseStation(attrs);
      const e: StationEvent = { ...base, type: command === C.NL80211_CMD_NEW_STATION ? "station-added" : "station-removed", mac: station.mac, station };
      if (station.interfaceIndex !== undefined) e.interfaceIndex = station.interfaceIndex;
      return e;
    }
    case C.NL80211_CMD_TRIGGER_SCAN:
      return parseScan(base, "scan-started", attrs);
    case C.NL80211_CMD_NEW_SCAN_RESULTS:
      return parseScan(base, "scan-finished", attrs);
    case C.NL80211_CMD_SCAN_ABORTED:
      return parseScan(base, "scan-aborted", attrs);
    case C.NL80211_CMD_REG_CHANGE:
      return parseRegulatory(base, "regulatory-change", attrs);
    case C.NL80211_CMD_WIPHY_REG_CHANGE:
      return parseRegulatory(base, "phy-regulatory-change", attrs);
    case C.NL80211_CMD_REG_BEACON_HINT:
      return parseRegulatory(base, "regulatory-beacon-hint", attrs);
    case C.NL80211_CMD_NEW_WIPHY:
    case C.NL80211_CMD_DEL_WIPHY: {
      const e: PhyEvent = { ...base, type: command === C.NL80211_CMD_NEW_WIPHY ? "phy-added" : "phy-removed" };
      const ad = new AttributeDecoder(attrs);
      while (ad.next()) {
        if (ad.type === C.NL80211_ATTR_WIPHY) e.phy = ad.u32();
        else if (ad.type === C.NL80211_ATTR_WIPHY_NAME) e.name = ad.string();
      }
      return e;
    }
    case C.NL80211_CMD_PORT_AUTHORIZED: {
      const e: PortAuthorizedEvent = { ...base, type: "port-authorized" };
      const ad = new AttributeDecoder(attrs);
      while (ad.next()) {
        if (ad.type === C.NL80211_ATTR_IFINDEX) e.interfaceIndex = ad.u32();
        else if (ad.type === C.NL80211_ATTR_MAC) e.bssid = decodeMac(ad);
      }
      return e;
    }
    case C.NL80211_CMD_CH_SWITCH_NOTIFY:
    case C.NL80211_CMD_CH_SWITCH_STARTED_NOTIFY:
      return {
        ...base,
        type: command === C.NL80211_CMD_CH_SWITCH_NOTIFY ? "channel-switch" : "channel-switch-started",
        interface: parseChannel(attrs),
      };
    default: {
      const attributes: RawAttribute[] = [];
      const ad = new AttributeDecoder(attrs);
      while (ad.next()) attributes.push(ad.raw());
      return { ...base, type: "unknown", attributes };
    }
  }
}

/** Channel switch notifications carry interface channel attributes but no WIPHY. */
function parseChannel(attrs: Uint8Array): Partial<Interface> {
  const { phy, type: _type, ...rest } = parseInterface(attrs, { requirePhy: false });
  return phy === -1 ? rest : { ...rest, phy };
}

function parseConnect(base: EventBase, type: "connect" | "roam", attrs: Uint8Array): ConnectEvent {
  const e: ConnectEvent = { ...base, type, timedOut: false, success: false };
  const ad = new AttributeDecoder(attrs);
  while (ad.next()) {
    switch (ad.type) {
      case C.NL80211_ATTR_IFINDEX:
        e.interfaceIndex = ad.u32();
        break;
      case C.NL80211_ATTR_WIPHY:
        e.phy = ad.u32();
        break;
      case C.NL80211_ATTR_MAC:
        e.bssid = decodeMac(ad);
        break;
      case C.NL80211_ATTR_STATUS_CODE:
        e.statusCode = ad.u16();
        break;
      case C.NL80211_ATTR_TIMED_OUT:
        e.timedOut = ad.flag();
        break;
      case C.NL80211_ATTR_TIMEOUT_REASON:
        e.timeoutReason = ad.u32();
        break;
      case C.NL80211_ATTR_REQ_IE:
        e.requestIes = ad.bytes().slice();
        break;
      case C.NL80211_ATTR_RESP_IE:
        e.responseIes = ad.bytes().slice();
        break;
    }
  }
  // A roam carries no status: it is a success by definition.
  e.success = !e.timedOut && (e.statusCode ?? 0) === 0;
  return e;
}

function parseDisconnect(base: EventBase, attrs: Uint8Array): DisconnectEvent {
  const e: DisconnectEvent = { ...base, type: "disconnect", byAp: false };
  const ad = new AttributeDecoder(attrs);
  while (ad.next()) {
    switch (ad.type) {
      case C.NL80211_ATTR_IFINDEX:
        e.interfaceIndex = ad.u32();
        break;
      case C.NL80211_ATTR_WIPHY:
        e.phy = ad.u32();
        break;
      case C.NL80211_ATTR_REASON_CODE:
        e.reasonCode = ad.u16();
        break;
      case C.NL80211_ATTR_DISCONNECTED_BY_AP:
        e.byAp = ad.flag();
        break;
    }
  }
  return e;
}

/** IEEE 802.11 management frame header: frame control, duration, three addresses, sequence. */
const MGMT_HDR = 24;
const STYPE_AUTH = 0xb;
const STYPE_ASSOC_RESP = 0x1;
const STYPE_REASSOC_RESP = 0x3;
const STYPE_DISASSOC = 0xa;
const STYPE_DEAUTH = 0xc;

function parseMlme(base: EventBase, type: MlmeEvent["type"], attrs: Uint8Array): MlmeEvent {
  const e: MlmeEvent = { ...base, type, timedOut: false };
  const ad = new AttributeDecoder(attrs);
  while (ad.next()) {
    switch (ad.type) {
      case C.NL80211_ATTR_IFINDEX:
        e.interfaceIndex = ad.u32();
        break;
      case C.NL80211_ATTR_WIPHY:
        e.phy = ad.u32();
        break;
      case C.NL80211_ATTR_TIMED_OUT:
        e.timedOut = ad.flag();
        break;
      case C.NL80211_ATTR_MAC:
        e.bssid ??= decodeMac(ad);
        break;
      case C.NL80211_ATTR_FRAME:
        e.frame = ad.bytes().slice();
        break;
    }
  }
  const f = e.frame;
  // Frames shorter than a header are passed on as they are: nothing to read out of them.
  if (f !== undefined && f.length >= MGMT_HDR) {
    e.destination = formatMAC(f.subarray(4, 10));
    e.source = formatMAC(f.subarray(10, 16));
    e.bssid = formatMAC(f.subarray(16, 22));
    const subtype = (f[0]! >> 4) & 0xf;
    const body = f.subarray(MGMT_HDR);
    const u16 = (i: number) => (body.length >= i + 2 ? body[i]! | (body[i + 1]! << 8) : undefined);
    let v: number | undefined;
    if (subtype === STYPE_AUTH) v = u16(4);
    else if (subtype === STYPE_ASSOC_RESP || subtype === STYPE_REASSOC_RESP) v = u16(2);
    if (v !== undefined) e.statusCode = v;
    if (subtype === STYPE_DEAUTH || subtype === STYPE_DISASSOC) {
      const r = u16(0);
      if (r !== undefined) e.reasonCode = r;
    }
  }
  return e;
}

function parseScan(base: EventBase, type: ScanEvent["type"], attrs: Uint8Array): ScanEvent {
  const e: ScanEvent = { ...base, type, frequencies: [], ssids: [] };
  const ad = new AttributeDecoder(attrs);
  while (ad.next()) {
    switch (ad.type) {
      case C.NL80211_ATTR_IFINDEX:
        e.interfaceIndex = ad.u32();
        break;
      case C.NL80211_ATTR_WIPHY:
        e.phy = ad.u32();
        break;
      case C.NL80211_ATTR_WDEV:
        e.wdev = ad.u64();
        break;
      case C.NL80211_ATTR_SCAN_FREQUENCIES: {
        const nd = ad.nested();
        while (nd.next()) e.frequencies.push(nd.u32());
        break;
      }
      case C.NL80211_ATTR_SCAN_SSIDS: {
        const nd = ad.nested();
        while (nd.next()) e.ssids.push(textDecoder.decode(nd.bytes()));
        break;
      }
    }
  }
  return e;
}

function parseRegulatory(base: EventBase, type: RegulatoryEvent["type"], attrs: Uint8Array): RegulatoryEvent {
  const e: RegulatoryEvent = { ...base, type, selfManaged: false };
  const ad = new AttributeDecoder(attrs);
  while (ad.next()) {
    switch (ad.type) {
      case C.NL80211_ATTR_REG_INITIATOR: {
        const v = ad.u8();
        e.initiator = INITIATORS[v] ?? v;
        break;
      }
      case C.NL80211_ATTR_REG_TYPE: {
        const v = ad.u8();
        e.regulatoryType = REG_TYPES[v] ?? v;
        break;
      }
      case C.NL80211_ATTR_REG_ALPHA2:
        e.country = ad.string();
        break;
      case C.NL80211_ATTR_WIPHY:
        e.phy = ad.u32();
        break;
      case C.NL80211_ATTR_WIPHY_SELF_MANAGED_REG:
        e.selfManaged = ad.flag();
        break;
    }
  }
  return e;
}
