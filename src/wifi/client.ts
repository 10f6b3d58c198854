import { pbkdf2Sync } from "node:crypto";
import { GenericConn, type Family } from "../genetlink/conn.ts";
import type { GenericMessage } from "../genetlink/message.ts";
import { AttributeEncoder } from "../netlink/attribute.ts";
import { Overrun } from "../netlink/conn.ts";
import { NLM_F_ACK, NLM_F_DUMP } from "../netlink/constants.ts";
import { ConnClosedError, EncodeError, NetlinkError, OverrunError, TimeoutError } from "../netlink/errors.ts";
import type { DialOptions } from "../socket/dial.ts";
import { encodeMac } from "./address.ts";
import { parseBss, type Bss } from "./bss.ts";
import * as C from "./constants.ts";
import { ConnectError, ScanAbortedError, WifiUnavailableError, WifiUnsupportedError } from "./errors.ts";
import { commandName, parseEvent, type ConnectEvent, type OverrunEvent, type WifiEvent } from "./events.ts";
import { interfaceTypeNumber, parseInterface, type Interface, type InterfaceType } from "./interface.ts";
import { hasExtendedFeature, parsePhys, type Phy } from "./phy.ts";
import { parseRegulatoryDomain, type RegulatoryDomain } from "./regulatory.ts";
import { parseStation, type Station } from "./station.ts";
import { parseSurvey, type Survey } from "./survey.ts";

const ENOENT = 2;
const ENODEV = 19;
/** How often a dump the kernel marked NLM_F_DUMP_INTR is re-sent before giving up. */
const DUMP_RETRIES = 5;
/** WLAN_REASON_DEAUTH_LEAVING: the reason code a station gives when it leaves on its own. */
const WLAN_REASON_DEAUTH_LEAVING = 3;
const WPA_CIPHER_CCMP = 0x000fac04;
const WPA_AKM_PSK = 0x000fac02;
const NL80211_WPA_VERSION_2 = 2;
const WLAN_PMK_LEN = 32;
/** An RSN element: version 1, CCMP group and pairwise cipher, PSK key management, no capabilities. */
const RSN_PSK_CCMP = Uint8Array.of(
  48, 20, // element ID, length
  1, 0, // version 1
  0x00, 0x0f, 0xac, 4, // group cipher: CCMP
  1, 0, 0x00, 0x0f, 0xac, 4, // 1 pairwise cipher: CCMP
  1, 0, 0x00, 0x0f, 0xac, 2, // 1 AKM suite: PSK
  0, 0, // RSN capabilities
);

/** Options every request takes: cancellation and a time-out, as the core's execute(). */
export interface RequestOptions {
  /** Aborting rejects the request (and, for scans and connects, stops them). */
  signal?: AbortSignal;
  /** Milliseconds without a reply before TimeoutError. Default: the connection's (30 s). */
  timeout?: number;
}

/**
 * An interface by index (3), by name ("wlan0"), or as an object from listInterfaces() (which
 * also reaches devices without a netdev, such as a P2P device, by their wdev).
 */
export type InterfaceRef = number | string | { index?: number; wdev?: bigint; name?: string };

/** The nl80211 multicast groups events() can listen to. */
export type EventGroup = "config" | "scan" | "regulatory" | "mlme" | "vendor" | "nan" | "testmode";

/** Options of WifiClient.createInterface. */
export interface CreateInterfaceOptions extends RequestOptions {
  /** The PHY's index (Interface.phy, Phy.index). */
  phy: number;
  /** The new netdev's name. */
  name: string;
  type: InterfaceType;
  /** A MAC address; default: the PHY's next address. */
  mac?: string;
  /** 4-address (WDS) mode. */
  fourAddress?: boolean;
}

/** Options of WifiClient.scan. */
export interface ScanOptions extends RequestOptions {
  /**
   * SSIDs to probe for. Default [""]: one wildcard probe (an active scan, as `iw scan` does).
   * An empty list makes a passive scan.
   */
  ssids?: readonly (string | Uint8Array)[];
  /** Channels to scan, MHz. Default: every channel the PHY allows. */
  frequencies?: readonly number[];
  /** NL80211_SCAN_FLAG_FLUSH: drop cached results before scanning. */
  flush?: boolean;
  /** How long to wait for the scan to finish, in ms. Default 60000; 0: no limit (use `signal`). */
  timeout?: number;
}

/** Options of WifiClient.connect. */
export interface ConnectOptions extends RequestOptions {
  ssid: string | Uint8Array;
  /** Connect to this BSS only. */
  bssid?: string;
  /** Connect on this channel only (MHz). */
  frequency?: number;
  /**
   * A WPA2-PSK passphrase (8..63 characters): the PMK is derived here and the driver does the
   * 4-way handshake (NL80211_EXT_FEATURE_4WAY_HANDSHAKE_STA_PSK; WifiUnsupportedError without it).
   */
  passphrase?: string;
  /** A 32-byte WPA2 PMK instead of a passphrase. */
  pmk?: Uint8Array;
  /** Authentication algorithm. Default: the kernel chooses (open system for open networks). */
  authType?: "open" | "shared-key" | "automatic";
  /** How long to wait for the outcome, in ms. Default 30000. */
  timeout?: number;
}

const AUTH_TYPES = { open: C.NL80211_AUTHTYPE_OPEN_SYSTEM, "shared-key": C.NL80211_AUTHTYPE_SHARED_KEY, automatic: C.NL80211_AUTHTYPE_AUTOMATIC } as const;

/**
 * A WifiClient speaks nl80211 over a generic netlink connection: interfaces, PHYs, stations,
 * scans, survey, regulatory domains, connecting and events. It owns its connection: close() (or
 * `await using`) closes it.
 *
 * @example
 * await using wifi = await WifiClient.open();
 * for (const ifc of await wifi.listInterfaces()) console.log(ifc.name, ifc.ssid, ifc.frequency);
 */
export class WifiClient implements AsyncDisposable, Disposable {
  /** The generic netlink connection underneath. */
  readonly genl: GenericConn;
  /** The nl80211 family as the kernel registered it. */
  readonly family: Family;

  /** Wrap a GenericConn whose nl80211 family is already resolved; see open() and fromGeneric(). */
  constructor(genl: GenericConn, family: Family) {
    this.genl = genl;
    this.family = family;
  }

  /**
   * Open a generic netlink socket (in `options.netns` if given) and resolve nl80211. Rejects with
   * WifiUnavailableError when the kernel has no nl80211 (the socket is closed again).
   *
   * @example
   * await using wifi = await WifiClient.open({ netns: "blue", timeout: 5000 });
   */
  static async open(options: DialOptions & { signal?: AbortSignal } = {}): Promise<WifiClient> {
    const { signal, ...dialOptions } = options;
    const genl = GenericConn.dial(dialOptions);
    try {
      return await WifiClient.fromGeneric(genl, signal === undefined ? {} : { signal });
    } catch (err) {
      genl.close();
      throw err;
    }
  }

  /** Resolve nl80211 on an open GenericConn (a real one or FakeGenericKernel's). The client then owns it. */
  static async fromGeneric(genl: GenericConn, options: { signal?: AbortSignal } = {}): Promise<WifiClient> {
    try {
      return new WifiClient(genl, await genl.getFamily(C.NL80211_GENL_NAME, options));
    } catch (err) {
      if (err instanceof NetlinkError && err.errno === ENOENT) throw new WifiUnavailableError(err);
      throw err;
    }
  }

  /** Close the connection: pending requests reject with ConnClosedError, event iterators end. */
  close(): void {
    this.genl.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  async #request(command: number, attrs: Uint8Array, options: RequestOptions, flags = NLM_F_ACK): Promise<GenericMessage[]> {
    return this.genl.execute(this.family, command, attrs, {
      flags,
      operation: C.NL80211_GENL_NAME + " " + commandName(command) + ((flags & NLM_F_DUMP) === NLM_F_DUMP ? " dump" : ""),
      ...((flags & NLM_F_DUMP) === NLM_F_DUMP ? { retryInterrupted: DUMP_RETRIES } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
    });
  }

  #dump(command: number, attrs: Uint8Array, options: RequestOptions): Promise<GenericMessage[]> {
    return this.#request(command, attrs, options, NLM_F_DUMP);
  }

  /** The attributes naming an interface: NL80211_ATTR_IFINDEX, or NL80211_ATTR_WDEV without a netdev. */
  async #target(ref: InterfaceRef, options: RequestOptions): Promise<{ index?: number; wdev?: bigint; encode(e: AttributeEncoder): AttributeEncoder }> {
    let index: number | undefined;
    let wdev: bigint | undefined;
    if (typeof ref === "number") index = ref;
    else if (typeof ref === "string") {
      const found = (await this.listInterfaces(options)).find((i) => i.name === ref);
      if (found === undefined) throw new NetlinkError(ENODEV, `find wireless interface ${JSON.stringify(ref)}`);
      index = found.index;
      wdev = found.wdev;
    } else {
      index = ref.index;
      wdev = ref.wdev;
      if (index === undefined && wdev === undefined && ref.name !== undefined) return this.#target(ref.name, options);
    }
    if (index === undefined && wdev === undefined) throw new EncodeError(["an interface needs an index, a name or a wdev"]);
    return {
      ...(index !== undefined ? { index } : {}),
      ...(wdev !== undefined ? { wdev } : {}),
      encode: (e) => (index !== undefined ? e.u32(C.NL80211_ATTR_IFINDEX, index) : e.u64(C.NL80211_ATTR_WDEV, wdev!)),
    };
  }

  async #ifindex(ref: InterfaceRef, options: RequestOptions, what: string): Promise<number> {
    const t = await this.#target(ref, options);
    if (t.index === undefined) throw new EncodeError([`${what} needs a network interface (one with an index), not a bare wdev`]);
    return t.index;
  }

  // ------------------------------------------------------------------ interfaces

  /** List every wireless interface (an NL80211_CMD_GET_INTERFACE dump). */
  async listInterfaces(options: RequestOptions = {}): Promise<Interface[]> {
    const replies = await this.#dump(C.NL80211_CMD_GET_INTERFACE, new Uint8Array(0), options);
    return replies.map((m) => parseInterface(m.data));
  }

  /** One interface by index, name or wdev. A missing one rejects with NetlinkError ENODEV. */
  async getInterface(ref: InterfaceRef, options: RequestOptions = {}): Promise<Interface> {
    const t = await this.#target(ref, options);
    const replies = await this.#request(C.NL80211_CMD_GET_INTERFACE, t.encode(new AttributeEncoder()).encode(), options);
    const first = replies[0];
    if (first === undefined) throw new NetlinkError(ENODEV, "NL80211_CMD_GET_INTERFACE (no reply)");
    return parseInterface(first.data);
  }

  /**
   * Create a virtual interface on a PHY (NL80211_CMD_NEW_INTERFACE) and resolve with it as the
   * kernel reports it.
   *
   * @example
   * const mon = await wifi.createInterface({ phy: 0, name: "mon0", type: "monitor" });
   */
  async createInterface(options: CreateInterfaceOptions): Promise<Interface> {
    const e = new AttributeEncoder()
      .u32(C.NL80211_ATTR_WIPHY, options.phy)
      .string(C.NL80211_ATTR_IFNAME, options.name)
      .u32(C.NL80211_ATTR_IFTYPE, interfaceTypeNumber(options.type));
    if (options.mac !== undefined) e.bytes(C.NL80211_ATTR_MAC, encodeMac(options.mac));
    if (options.fourAddress !== undefined) e.u8(C.NL80211_ATTR_4ADDR, options.fourAddress ? 1 : 0);
    const replies = await this.#request(C.NL80211_CMD_NEW_INTERFACE, e.encode(), options);
    const first = replies[0];
    if (first === undefined) return this.getInterface(options.name, options);
    return parseInterface(first.data);
  }

  /** Delete a virtual interface (NL80211_CMD_DEL_INTERFACE). */
  async deleteInterface(ref: InterfaceRef, options: RequestOptions = {}): Promise<void> {
    const t = await this.#target(ref, options);
    await this.#request(C.NL80211_CMD_DEL_INTERFACE, t.encode(new AttributeEncoder()).encode(), options);
  }

  /**
   * Change an interface's type and/or 4-address mode (NL80211_CMD_SET_INTERFACE). Most drivers
   * want the interface down to change its type (EBUSY otherwise).
   */
  async setInterface(ref: InterfaceRef, settings: { type?: InterfaceType; fourAddress?: boolean }, options: RequestOptions = {}): Promise<void> {
    const index = await this.#ifindex(ref, options, "setInterface");
    const e = new AttributeEncoder().u32(C.NL80211_ATTR_IFINDEX, index);
    if (settings.type !== undefined) e.u32(C.NL80211_ATTR_IFTYPE, interfaceTypeNumber(settings.type));
    if (settings.fourAddress !== undefined) e.u8(C.NL80211_ATTR_4ADDR, settings.fourAddress ? 1 : 0);
    await this.#request(C.NL80211_CMD_SET_INTERFACE, e.encode(), options);
  }

  /** Change an interface's type (a shortcut for setInterface). */
  setInterfaceType(ref: InterfaceRef, type: InterfaceType, options: RequestOptions = {}): Promise<void> {
    return this.setInterface(ref, { type }, options);
  }

  // ------------------------------------------------------------------ PHYs

  /** List every PHY, each merged from the split wiphy dump (NL80211_ATTR_SPLIT_WIPHY_DUMP). */
  async listPhys(options: RequestOptions = {}): Promise<Phy[]> {
    const attrs = new AttributeEncoder().flag(C.NL80211_ATTR_SPLIT_WIPHY_DUMP).encode();
    const replies = await this.#dump(C.NL80211_CMD_GET_WIPHY, attrs, options);
    return parsePhys(replies.map((m) => m.data));
  }

  /** One PHY by index (a split dump filtered to it). A missing one rejects with NetlinkError ENODEV. */
  async getPhy(index: number, options: RequestOptions = {}): Promise<Phy> {
    const attrs = new AttributeEncoder().u32(C.NL80211_ATTR_WIPHY, index).flag(C.NL80211_ATTR_SPLIT_WIPHY_DUMP).encode();
    const replies = await this.#dump(C.NL80211_CMD_GET_WIPHY, attrs, options);
    const phy = parsePhys(replies.map((m) => m.data)).find((p) => p.index === index);
    if (phy === undefined) throw new NetlinkError(ENODEV, `NL80211_CMD_GET_WIPHY phy${index}`);
    return phy;
  }

  // ------------------------------------------------------------------ stations

  /** Every station of an interface: the AP for a client, every associated client for an AP. */
  async listStations(ref: InterfaceRef, options: RequestOptions = {}): Promise<Station[]> {
    const index = await this.#ifindex(ref, options, "listStations");
    const replies = await this.#dump(C.NL80211_CMD_GET_STATION, new AttributeEncoder().u32(C.NL80211_ATTR_IFINDEX, index).encode(), options);
    return replies.map((m) => parseStation(m.data));
  }

  /** One station by MAC address. An unknown one rejects with NetlinkError ENOENT. */
  async getStation(ref: InterfaceRef, mac: string, options: RequestOptions = {}): Promise<Station> {
    const index = await this.#ifindex(ref, options, "getStation");
    const attrs = new AttributeEncoder().u32(C.NL80211_ATTR_IFINDEX, index).bytes(C.NL80211_ATTR_MAC, encodeMac(mac)).encode();
    const replies = await this.#request(C.NL80211_CMD_GET_STATION, attrs, options);
    const first = replies[0];
    if (first === undefined) throw new NetlinkError(ENOENT, `NL80211_CMD_GET_STATION ${mac}`);
    return parseStation(first.data);
  }

  // ------------------------------------------------------------------ scanning

  /** The scan results the kernel has cached for an interface (an NL80211_CMD_GET_SCAN dump). */
  async listBss(ref: InterfaceRef, options: RequestOptions = {}): Promise<Bss[]> {
    const index = await this.#ifindex(ref, options, "listBss");
    const replies = await this.#dump(C.NL80211_CMD_GET_SCAN, new AttributeEncoder().u32(C.NL80211_ATTR_IFINDEX, index).encode(), options);
    return replies.map((m) => parseBss(m.data));
  }

  /**
   * Scan and resolve with the results. Subscribes to the "scan" group before triggering, so the
   * end of the scan cannot be missed; waits for NL80211_CMD_NEW_SCAN_RESULTS of this interface.
   * Rejects with ScanAbortedError when the kernel aborts it, NetlinkError EBUSY when a scan is
   * already running, OverrunError if events were lost meanwhile, TimeoutError after `timeout`,
   * and the signal's reason on abort (the kernel's scan is then aborted too).
   *
   * @example
   * const bss = await wifi.scan("wlan0", { frequencies: [2412], signal: AbortSignal.timeout(10_000) });
   */
  async scan(ref: InterfaceRef, options: ScanOptions = {}): Promise<Bss[]> {
    const index = await this.#ifindex(ref, options, "scan");
    const e = new AttributeEncoder().u32(C.NL80211_ATTR_IFINDEX, index);
    const ssids = options.ssids ?? [""];
    if (ssids.length > 0) {
      e.nested(C.NL80211_ATTR_SCAN_SSIDS, (n) => {
        ssids.forEach((s, i) => n.bytes(i + 1, ssidBytes(s)));
      });
    }
    if (options.frequencies !== undefined && options.frequencies.length > 0) {
      const freqs = options.frequencies;
      e.nested(C.NL80211_ATTR_SCAN_FREQUENCIES, (n) => {
        freqs.forEach((f, i) => n.u32(i + 1, f));
      });
    }
    if (options.flush) e.u32(C.NL80211_ATTR_SCAN_FLAGS, C.NL80211_SCAN_FLAG_FLUSH);
    const attrs = e.encode();

    await this.#awaitEvent(
      ["scan"],
      options,
      options.timeout ?? 60_000,
      async (signal) => {
        await this.#request(C.NL80211_CMD_TRIGGER_SCAN, attrs, { signal });
      },
      (ev) => {
        if (ev.type !== "scan-finished" && ev.type !== "scan-aborted") return undefined;
        if (ev.interfaceIndex !== index) return undefined;
        if (ev.type === "scan-aborted") throw new ScanAbortedError(index);
        return true;
      },
      () => this.#request(C.NL80211_CMD_ABORT_SCAN, new AttributeEncoder().u32(C.NL80211_ATTR_IFINDEX, index).encode(), {}),
    );
    const { timeout: _timeout, ...rest } = options;
    return this.listBss(index, rest);
  }

  /** Abort a running scan (NL80211_CMD_ABORT_SCAN). ENOENT when none is running. */
  async abortScan(ref: InterfaceRef, options: RequestOptions = {}): Promise<void> {
    const index = await this.#ifindex(ref, options, "abortScan");
    await this.#request(C.NL80211_CMD_ABORT_SCAN, new AttributeEncoder().u32(C.NL80211_ATTR_IFINDEX, index).encode(), options);
  }

  /**
   * Subscribe to `groups`, run `start`, and wait for the first event `match` accepts (returns a
   * value) or throws on. Overruns reject (the event may have been lost); the caller's signal and
   * the time-out reject and run `cancel` (best effort) once `start` has run.
   */
  async #awaitEvent<T>(
    groups: EventGroup[],
    options: RequestOptions,
    timeout: number,
    start: (signal: AbortSignal) => Promise<void>,
    match: (ev: WifiEvent) => T | undefined,
    cancel: () => Promise<unknown>,
  ): Promise<T> {
    const ac = new AbortController();
    const outer = options.signal;
    const onAbort = () => ac.abort(outer!.reason);
    if (outer?.aborted) throw outer.reason;
    outer?.addEventListener("abort", onAbort, { once: true });
    const timer = timeout > 0 ? setTimeout(() => ac.abort(new TimeoutError(timeout)), timeout) : undefined;
    let started = false;
    let events: AsyncIterableIterator<GenericMessage | Overrun> | undefined;
    try {
      events = await this.genl.subscribe(this.family, groups, { signal: ac.signal });
      await start(ac.signal);
      started = true;
      for (;;) {
        const r = await events.next();
        if (r.done === true) throw new ConnClosedError();
        const v = r.value;
        if (v instanceof Overrun) throw new OverrunError(v.count);
        const found = match(parseEvent(v.command, v.data));
        if (found !== undefined) return found;
      }
    } catch (err) {
      if (started && ac.signal.aborted && !this.genl.conn.closed) await cancel().catch(() => {});
      throw err;
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      outer?.removeEventListener("abort", onAbort);
      await events?.return?.();
    }
  }

  // ------------------------------------------------------------------ survey

  /** Channel survey data of an interface's PHY (an NL80211_CMD_GET_SURVEY dump). */
  async listSurveys(ref: InterfaceRef, options: RequestOptions = {}): Promise<Survey[]> {
    const index = await this.#ifindex(ref, options, "listSurveys");
    const replies = await this.#dump(C.NL80211_CMD_GET_SURVEY, new AttributeEncoder().u32(C.NL80211_ATTR_IFINDEX, index).encode(), options);
    return replies.map((m) => parseSurvey(m.data));
  }

  // ------------------------------------------------------------------ regulatory

  /**
   * The regulatory domain in force (NL80211_CMD_GET_REG): the global one, or with `phy` that
   * PHY's (its own if it is self-managed, else the global one).
   */
  async getRegulatoryDomain(options: RequestOptions & { phy?: number } = {}): Promise<RegulatoryDomain> {
    const e = new AttributeEncoder();
    if (options.phy !== undefined) e.u32(C.NL80211_ATTR_WIPHY, options.phy);
    const replies = await this.#request(C.NL80211_CMD_GET_REG, e.encode(), options);
    const first = replies[0];
    if (first === undefined) throw new NetlinkError(ENOENT, "NL80211_CMD_GET_REG (no reply)");
    return parseRegulatoryDomain(first.data);
  }

  /** The global domain and every self-managed PHY's own (an NL80211_CMD_GET_REG dump, as `iw reg get`). */
  async listRegulatoryDomains(options: RequestOptions = {}): Promise<RegulatoryDomain[]> {
    const replies = await this.#dump(C.NL80211_CMD_GET_REG, new Uint8Array(0), options);
    return replies.map((m) => parseRegulatoryDomain(m.data));
  }

  /**
   * Ask for a country's regulatory domain (NL80211_CMD_REQ_SET_REG, as `iw reg set`). The kernel
   * applies it asynchronously; with `wait` this resolves once the "regulatory" group reports the
   * change to that country (or the time-out, default 10 s, passes).
   */
  async setRegulatoryDomain(country: string, options: RequestOptions & { wait?: boolean } = {}): Promise<void> {
    if (!/^[A-Z0-9]{2}$/.test(country)) throw new EncodeError([`${JSON.stringify(country)} is not an ISO 3166 alpha2 country code ("US", "00" for the world)`]);
    const attrs = new AttributeEncoder().string(C.NL80211_ATTR_REG_ALPHA2, country).encode();
    if (!options.wait) {
      await this.#request(C.NL80211_CMD_REQ_SET_REG, attrs, options);
      return;
    }
    await this.#awaitEvent(
      ["regulatory"],
      options,
      options.timeout ?? 10_000,
      async (signal) => {
        await this.#request(C.NL80211_CMD_REQ_SET_REG, attrs, { signal });
      },
      (ev) => (ev.type === "regulatory-change" && ev.country === country ? true : undefined),
      async () => {},
    );
  }

  /** Reload the regulatory database file (NL80211_CMD_RELOAD_REGDB, as `iw reg reload`). */
  async reloadRegulatoryDatabase(options: RequestOptions = {}): Promise<void> {
    await this.#request(C.NL80211_CMD_RELOAD_REGDB, new Uint8Array(0), options);
  }

  // ------------------------------------------------------------------ connecting

  /**
   * Connect a station interface to a network (NL80211_CMD_CONNECT) and resolve with the
   * NL80211_CMD_CONNECT event once associated. Open networks need only `ssid`; WPA2-PSK needs a
   * driver that does the 4-way handshake itself (else WifiUnsupportedError; use wpa_supplicant).
   * Rejects with ConnectError when the AP refuses or does not answer; on abort or time-out the
   * attempt is cancelled with a disconnect. The interface must be up.
   *
   * @example
   * const ev = await wifi.connect("wlan1", { ssid: "bunnet-open", frequency: 2437 });
   * console.log("connected to", ev.bssid);
   */
  async connect(ref: InterfaceRef, options: ConnectOptions): Promise<ConnectEvent> {
    const index = await this.#ifindex(ref, options, "connect");
    const { signal, timeout: _t } = options;
    const req: RequestOptions = signal === undefined ? {} : { signal };
    const ssid = ssidBytes(options.ssid);
    const e = new AttributeEncoder().u32(C.NL80211_ATTR_IFINDEX, index).bytes(C.NL80211_ATTR_SSID, ssid);
    if (options.bssid !== undefined) e.bytes(C.NL80211_ATTR_MAC, encodeMac(options.bssid));
    if (options.frequency !== undefined) e.u32(C.NL80211_ATTR_WIPHY_FREQ, options.frequency);
    if (options.authType !== undefined) e.u32(C.NL80211_ATTR_AUTH_TYPE, AUTH_TYPES[options.authType]);
    if (options.passphrase !== undefined || options.pmk !== undefined) {
      const pmk = options.pmk ?? derivePmk(options.passphrase!, ssid);
      if (pmk.length !== WLAN_PMK_LEN) throw new EncodeError([`a PMK has ${WLAN_PMK_LEN} bytes, not ${pmk.length}`]);
      const ifc = await this.getInterface(index, req);
      const phy = await this.getPhy(ifc.phy, req);
      if (!hasExtendedFeature(phy, C.NL80211_EXT_FEATURE_4WAY_HANDSHAKE_STA_PSK)) {
        throw new WifiUnsupportedError(
          `phy${phy.index} (${phy.name}) does not do the WPA2-PSK 4-way handshake itself ` +
            "(no NL80211_EXT_FEATURE_4WAY_HANDSHAKE_STA_PSK): use wpa_supplicant for this network",
        );
      }
      e.flag(C.NL80211_ATTR_PRIVACY)
        .u32(C.NL80211_ATTR_WPA_VERSIONS, NL80211_WPA_VERSION_2)
        .bytes(C.NL80211_ATTR_CIPHER_SUITES_PAIRWISE, u32s([WPA_CIPHER_CCMP]))
        .u32(C.NL80211_ATTR_CIPHER_SUITE_GROUP, WPA_CIPHER_CCMP)
        .bytes(C.NL80211_ATTR_AKM_SUITES, u32s([WPA_AKM_PSK]))
        .bytes(C.NL80211_ATTR_PMK, pmk)
        .bytes(C.NL80211_ATTR_IE, RSN_PSK_CCMP);
    }
    const attrs = e.encode();
    return this.#awaitEvent(
      ["mlme"],
      req,
      options.timeout ?? 30_000,
      async (s) => {
        await this.#request(C.NL80211_CMD_CONNECT, attrs, { signal: s });
      },
      (ev) => {
        if (ev.type !== "connect" || ev.interfaceIndex !== index) return undefined;
        if (!ev.success) throw new ConnectError(ev);
        return ev;
      },
      () => this.disconnect(index),
    );
  }

  /**
   * Disconnect a station interface (NL80211_CMD_DISCONNECT) with an IEEE 802.11 reason code
   * (default 3, "deauthenticated because sending station is leaving").
   */
  async disconnect(ref: InterfaceRef, options: RequestOptions & { reasonCode?: number } = {}): Promise<void> {
    const index = await this.#ifindex(ref, options, "disconnect");
    const attrs = new AttributeEncoder()
      .u32(C.NL80211_ATTR_IFINDEX, index)
      .u16(C.NL80211_ATTR_REASON_CODE, options.reasonCode ?? WLAN_REASON_DEAUTH_LEAVING)
      .encode();
    await this.#request(C.NL80211_CMD_DISCONNECT, attrs, options);
  }

  // ------------------------------------------------------------------ events

  /**
   * Join nl80211 multicast groups (default: config, scan, regulatory, mlme) and iterate over
   * typed events. The groups are joined when the promise resolves, so what happens after it is
   * seen. An `{ type: "overrun" }` item marks lost events. `break` or the signal ends it.
   *
   * @example
   * for await (const ev of await wifi.events({ groups: ["mlme"], signal })) {
   *   if (ev.type === "station-added") console.log("client", ev.mac, "joined");
   * }
   */
  async events(options: { groups?: readonly EventGroup[]; signal?: AbortSignal } = {}): Promise<AsyncIterableIterator<WifiEvent | OverrunEvent>> {
    const groups = options.groups ?? ["config", "scan", "regulatory", "mlme"];
    const inner = await this.genl.subscribe(this.family, groups, options.signal === undefined ? {} : { signal: options.signal });
    const it: AsyncIterableIterator<WifiEvent | OverrunEvent> = {
      next: async () => {
        const r = await inner.next();
        if (r.done === true) return { value: undefined, done: true };
        const v = r.value;
        if (v instanceof Overrun) return { value: { type: "overrun", count: v.count }, done: false };
        return { value: parseEvent(v.command, v.data), done: false };
      },
      return: async () => {
        await inner.return?.();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return it;
      },
    };
    return it;
  }
}

const textEncoder = new TextEncoder();

function ssidBytes(ssid: string | Uint8Array): Uint8Array {
  const b = typeof ssid === "string" ? textEncoder.encode(ssid) : ssid;
  if (b.length > 32) throw new EncodeError([`SSID of ${b.length} bytes: at most 32`]);
  return b;
}

function u32s(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setUint32(i * 4, v, true));
  return out;
}

/**
 * Derive a WPA2 PMK from a passphrase: PBKDF2-HMAC-SHA1(passphrase, SSID, 4096 rounds, 32 bytes)
 * (IEEE 802.11i, what wpa_passphrase prints).
 */
export function derivePmk(passphrase: string, ssid: string | Uint8Array): Uint8Array {
  if (!/^[\x20-\x7e]{8,63}$/.test(passphrase)) {
    throw new EncodeError(["a WPA2 passphrase is 8 to 63 printable ASCII characters"]);
  }
  return new Uint8Array(pbkdf2Sync(passphrase, ssidBytes(ssid), 4096, WLAN_PMK_LEN, "sha1"));
}
