import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import type { GenericMessage } from "../../src/genetlink/index.ts";
import { AttributeEncoder, NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST } from "../../src/netlink/index.ts";
import { errorReply, FakeGenericKernel, multipart, type FakeFamilyContext, type HandlerResult } from "../../src/testing/index.ts";
import {
  ConnectError,
  DumpInterruptedError,
  EncodeError,
  NetlinkError,
  OverrunError,
  ScanAbortedError,
  TimeoutError,
  WifiClient,
  WifiUnavailableError,
  WifiUnsupportedError,
  derivePmk,
} from "../../src/wifi/index.ts";
import { hex } from "./bytes.ts";

type Handler = (req: GenericMessage, ctx: FakeFamilyContext) => HandlerResult;

/** A fake kernel serving nl80211 with one handler per command (others: EOPNOTSUPP). */
function fakeNl80211(handlers: Record<number, Handler>) {
  const fake = new FakeGenericKernel([
    {
      name: "nl80211",
      version: 1,
      maxAttribute: 325,
      groups: [{ name: "config" }, { name: "scan" }, { name: "regulatory" }, { name: "mlme" }, { name: "vendor" }, { name: "nan" }],
      handler: (req, ctx) => {
        const h = handlers[req.command];
        return h === undefined ? errorReply(95) : h(req, ctx);
      },
    },
  ]);
  return fake;
}

async function clientOf(fake: FakeGenericKernel): Promise<WifiClient> {
  return WifiClient.fromGeneric(fake.conn());
}

/** The nl80211 requests the fake saw (nlctrl lookups left out), decoded. */
function nlRequests(fake: FakeGenericKernel) {
  const id = fake.family("nl80211")!.id;
  return fake.kernel.requests
    .filter((m) => m.type === id)
    .map((m) => ({ flags: m.flags, command: m.data[0]!, version: m.data[1]!, attrs: m.data.subarray(4) }));
}

function groupId(fake: FakeGenericKernel, name: string): number {
  return fake.family("nl80211")!.groups.find((g) => g.name === name)!.id;
}

const enc = () => new AttributeEncoder();
const wlan1 = enc().u32(3, 3).string(4, "wlan1").u32(1, 1).u32(5, 2).u64(153, 0x100000001n).bytes(6, hex("020000000100")).encode();
const wlan0 = enc().u32(3, 2).string(4, "wlan0").u32(1, 0).u32(5, 3).u64(153, 1n).bytes(6, hex("020000000000")).encode();
const bssReply = enc().u32(3, 3).nested(47, (b) => b.bytes(1, hex("020000000000")).u32(2, 2412).s32(7, -2000).bytes(6, hex("0003627373"))).encode();

describe("opening", () => {
  test("a kernel without nl80211 → one WifiUnavailableError carrying the controller's ENOENT", async () => {
    const fake = new FakeGenericKernel([]);
    const genl = fake.conn();
    const err = await WifiClient.fromGeneric(genl).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WifiUnavailableError);
    expect((err as WifiUnavailableError).code).toBe("ERR_NL80211_UNAVAILABLE");
    expect((err as Error).cause).toBeInstanceOf(NetlinkError);
    expect(((err as Error).cause as NetlinkError).code).toBe("ENOENT");
    genl.close();
  });

  // The real kernel: this host has no WiFi stack (no cfg80211), the VM does.
  const hasCfg80211 = existsSync("/sys/module/cfg80211");
  test(`WifiClient.open() on this kernel ${hasCfg80211 ? "resolves nl80211" : "rejects with WifiUnavailableError"}`, async () => {
    const result = await WifiClient.open().then(
      (c) => {
        c.close();
        return "opened";
      },
      (e: unknown) => e,
    );
    if (hasCfg80211) expect(result).toBe("opened");
    else {
      expect(result).toBeInstanceOf(WifiUnavailableError);
      expect(String(result)).toMatch(/nl80211 is not available/);
    }
  });

  test("`await using` closes the connection", async () => {
    const fake = fakeNl80211({});
    let client: WifiClient;
    {
      await using c = await clientOf(fake);
      client = c;
    }
    expect(client.genl.conn.closed).toBe(true);
    expect(fake.kernel.closed).toBe(true);
  });
});

describe("interfaces", () => {
  test("listInterfaces sends a GET_INTERFACE dump and decodes every reply", async () => {
    const fake = fakeNl80211({ 5: (_req, ctx) => [ctx.reply(7, wlan0), ctx.reply(7, wlan1)] });
    const wifi = await clientOf(fake);
    const list = await wifi.listInterfaces();
    expect(list.map((i) => [i.index, i.name, i.type, i.phy])).toEqual([
      [2, "wlan0", "ap", 0],
      [3, "wlan1", "station", 1],
    ]);
    expect(nlRequests(fake)).toEqual([{ flags: NLM_F_REQUEST | NLM_F_DUMP, command: 5, version: 1, attrs: new Uint8Array(0) }]);
    wifi.close();
  });

  test("an interrupted dump is sent again, never returned partial", async () => {
    let calls = 0;
    const fake = fakeNl80211({ 5: (_req, ctx) => (++calls < 3 ? multipart([ctx.reply(7, wlan0)], { interrupted: true }) : [ctx.reply(7, wlan0), ctx.reply(7, wlan1)]) });
    const wifi = await clientOf(fake);
    expect((await wifi.listInterfaces()).length).toBe(2);
    expect(calls).toBe(3);
    wifi.close();
  });

  test("a dump interrupted every time → DumpInterruptedError", async () => {
    const fake = fakeNl80211({ 5: (_req, ctx) => multipart([ctx.reply(7, wlan0)], { interrupted: true }) });
    const wifi = await clientOf(fake);
    const err = await wifi.listInterfaces().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DumpInterruptedError);
    expect(nlRequests(fake).length).toBe(6);
    wifi.close();
  });

  test("getInterface by name resolves the index, then asks for that interface", async () => {
    const fake = fakeNl80211({
      5: (req, ctx) => ((ctx.request.flags & NLM_F_DUMP) === NLM_F_DUMP ? [ctx.reply(7, wlan0), ctx.reply(7, wlan1)] : [ctx.reply(7, req.data.length ? wlan1 : wlan0)]),
    });
    const wifi = await clientOf(fake);
    expect((await wifi.getInterface("wlan1")).index).toBe(3);
    expect(nlRequests(fake)[1]).toEqual({ flags: NLM_F_REQUEST | NLM_F_ACK, command: 5, version: 1, attrs: hex("0800 0300 03000000") });
    const err = await wifi.getInterface("wlan9").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect((err as NetlinkError).code).toBe("ENODEV");
    wifi.close();
  });

  test("createInterface sends NEW_INTERFACE with the golden attributes and returns the kernel's view", async () => {
    const fake = fakeNl80211({ 7: (_req, ctx) => [ctx.reply(7, enc().u32(3, 9).string(4, "mon0").u32(1, 0).u32(5, 6).encode())] });
    const wifi = await clientOf(fake);
    const ifc = await wifi.createInterface({ phy: 0, name: "mon0", type: "monitor", mac: "02:00:00:00:00:09", fourAddress: true });
    expect(ifc).toMatchObject({ index: 9, name: "mon0", type: "monitor", phy: 0 });
    expect(nlRequests(fake)[0]!.attrs).toEqual(
      hex(`
        0800 0100 00000000            // NL80211_ATTR_WIPHY 0
        0900 0400 6d6f6e3000 000000   // NL80211_ATTR_IFNAME "mon0\\0" + 3 pad
        0800 0500 06000000            // NL80211_ATTR_IFTYPE 6 (monitor)
        0a00 0600 020000000009 0000   // NL80211_ATTR_MAC + 2 pad
        0500 5300 01 000000           // NL80211_ATTR_4ADDR 1 + 3 pad
      `),
    );
    wifi.close();
  });

  test("deleteInterface of a device without a netdev uses NL80211_ATTR_WDEV; setInterfaceType sends IFTYPE", async () => {
    const fake = fakeNl80211({ 8: () => [], 6: () => [] });
    const wifi = await clientOf(fake);
    await wifi.deleteInterface({ wdev: 0x100000002n });
    await wifi.setInterfaceType(3, "ap");
    await wifi.setInterface(3, { fourAddress: false });
    const [del, set, set4] = nlRequests(fake);
    expect(del).toEqual({ flags: NLM_F_REQUEST | NLM_F_ACK, command: 8, version: 1, attrs: hex("0c00 9900 0200000001000000") });
    expect(set!.attrs).toEqual(hex("0800 0300 03000000  0800 0500 03000000"));
    expect(set4!.attrs).toEqual(hex("0800 0300 03000000  0500 5300 00000000"));
    await expect(wifi.setInterfaceType({ wdev: 1n }, "ap")).rejects.toThrow(EncodeError);
    await expect(wifi.createInterface({ phy: 0, name: "x", type: "ap", mac: "02:00" })).rejects.toThrow(EncodeError);
    wifi.close();
  });

  test("a kernel error names the nl80211 command", async () => {
    const fake = fakeNl80211({ 8: () => errorReply(19, { message: "no such device" }) });
    const wifi = await clientOf(fake);
    const err = (await wifi.deleteInterface(42).catch((e: unknown) => e)) as NetlinkError;
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err.code).toBe("ENODEV");
    expect(err.syscall).toBe("nl80211 NL80211_CMD_DEL_INTERFACE");
    expect(err.extAck.message).toBe("no such device");
    wifi.close();
  });
});

describe("PHYs, stations, survey, regulatory", () => {
  test("listPhys asks for the split dump and merges the pieces", async () => {
    const fake = fakeNl80211({
      1: (_req, ctx) => [
        ctx.reply(3, enc().u32(1, 0).string(2, "phy0").encode()),
        ctx.reply(3, enc().u32(1, 0).nested(22, (b) => b.nested(0, (x) => x.nested(1, (f) => f.nested(0, (c) => c.u32(1, 2412))))).encode()),
        ctx.reply(3, enc().u32(1, 0).nested(22, (b) => b.nested(0, (x) => x.nested(1, (f) => f.nested(1, (c) => c.u32(1, 2417))))).encode()),
        ctx.reply(3, enc().u32(1, 1).string(2, "phy1").encode()),
      ],
    });
    const wifi = await clientOf(fake);
    const phys = await wifi.listPhys();
    expect(phys.map((p) => [p.name, p.bands.flatMap((b) => b.frequencies.map((f) => f.frequency))])).toEqual([
      ["phy0", [2412, 2417]],
      ["phy1", []],
    ]);
    expect(nlRequests(fake)[0]).toEqual({ flags: NLM_F_REQUEST | NLM_F_DUMP, command: 1, version: 1, attrs: hex("0400 ae00") }); // NL80211_ATTR_SPLIT_WIPHY_DUMP
    wifi.close();
  });

  test("getPhy filters the dump by NL80211_ATTR_WIPHY; a missing PHY → ENODEV", async () => {
    const fake = fakeNl80211({ 1: () => [] });
    const wifi = await clientOf(fake);
    const err = await wifi.getPhy(7).catch((e: unknown) => e);
    expect((err as NetlinkError).code).toBe("ENODEV");
    expect(nlRequests(fake)[0]!.attrs).toEqual(hex("0800 0100 07000000  0400 ae00"));
    wifi.close();
  });

  test("listStations dumps GET_STATION for the interface; getStation asks for one MAC", async () => {
    const sta = enc().u32(3, 2).bytes(6, hex("020000000100")).nested(21, (s) => s.u32(16, 8)).encode();
    const fake = fakeNl80211({ 17: (_req, ctx) => [ctx.reply(19, sta), ctx.reply(19, sta)] });
    const wifi = await clientOf(fake);
    expect((await wifi.listStations(2)).map((s) => [s.mac, s.connectedTime])).toEqual([
      ["02:00:00:00:01:00", 8],
      ["02:00:00:00:01:00", 8],
    ]);
    fake.family("nl80211");
    const one = await wifi.getStation(2, "02:00:00:00:01:00");
    expect(one.interfaceIndex).toBe(2);
    const [dump, get] = nlRequests(fake);
    expect(dump).toEqual({ flags: NLM_F_REQUEST | NLM_F_DUMP, command: 17, version: 1, attrs: hex("0800 0300 02000000") });
    expect(get).toEqual({ flags: NLM_F_REQUEST | NLM_F_ACK, command: 17, version: 1, attrs: hex("0800 0300 02000000  0a00 0600 020000000100 0000") });
    wifi.close();
  });

  test("listSurveys dumps GET_SURVEY for the interface", async () => {
    const fake = fakeNl80211({ 50: (_req, ctx) => [ctx.reply(51, enc().u32(3, 3).nested(84, (s) => s.u32(1, 2412).u8(2, 0xa4).flag(3)).encode())] });
    const wifi = await clientOf(fake);
    expect(await wifi.listSurveys(3)).toEqual([{ interfaceIndex: 3, frequency: 2412, noise: -92, inUse: true, other: [], otherInfo: [] }]);
    expect(nlRequests(fake)[0]).toEqual({ flags: NLM_F_REQUEST | NLM_F_DUMP, command: 50, version: 1, attrs: hex("0800 0300 03000000") });
    wifi.close();
  });

  test("regulatory get, dump, set and reload", async () => {
    const dom = enc().string(33, "US").u8(146, 1).encode();
    const fake = fakeNl80211({ 31: (_req, ctx) => [ctx.reply(31, dom)], 27: () => [], 126: () => [] });
    const wifi = await clientOf(fake);
    expect(await wifi.getRegulatoryDomain()).toMatchObject({ country: "US", dfsRegion: "FCC" });
    expect(await wifi.listRegulatoryDomains()).toHaveLength(1);
    await wifi.setRegulatoryDomain("DE");
    await wifi.reloadRegulatoryDatabase();
    const reqs = nlRequests(fake);
    expect(reqs.map((r) => [r.command, r.flags])).toEqual([
      [31, NLM_F_REQUEST | NLM_F_ACK],
      [31, NLM_F_REQUEST | NLM_F_DUMP],
      [27, NLM_F_REQUEST | NLM_F_ACK],
      [126, NLM_F_REQUEST | NLM_F_ACK],
    ]);
    expect(reqs[2]!.attrs).toEqual(hex("0700 2100 444500 00")); // NL80211_ATTR_REG_ALPHA2 "DE\0" + pad
    await expect(wifi.setRegulatoryDomain("usa")).rejects.toThrow(EncodeError);
    wifi.close();
  });

  test("setRegulatoryDomain with wait resolves on the matching REG_CHANGE event", async () => {
    const fake = fakeNl80211({
      27: () => {
        fake.inject("nl80211", "regulatory", 36, enc().u8(48, 1).u8(49, 0).string(33, "FR").encode());
        fake.inject("nl80211", "regulatory", 36, enc().u8(48, 1).u8(49, 0).string(33, "DE").encode());
        return [];
      },
    });
    const wifi = await clientOf(fake);
    await wifi.setRegulatoryDomain("DE", { wait: true });
    expect(fake.kernel.groups()).toEqual([]);
    wifi.close();
  });
});

describe("scan", () => {
  function scanKernel(onTrigger: (fake: FakeGenericKernel) => HandlerResult) {
    const seen: { groupsAtTrigger?: number[] } = {};
    const fake: FakeGenericKernel = fakeNl80211({
      33: () => {
        seen.groupsAtTrigger = fake.kernel.groups();
        return onTrigger(fake);
      },
      32: (_req, ctx) => [ctx.reply(34, bssReply)],
      114: () => [],
    });
    return { fake, seen };
  }

  test("subscribes before triggering, skips other interfaces' results, then dumps", async () => {
    const { fake, seen } = scanKernel((f) => {
      f.inject("nl80211", "scan", 33, enc().u32(3, 3).encode());
      f.inject("nl80211", "scan", 34, enc().u32(3, 7).encode()); // another interface's scan
      f.inject("nl80211", "scan", 34, enc().u32(3, 3).encode());
      return [];
    });
    const wifi = await clientOf(fake);
    const bss = await wifi.scan(3, { frequencies: [2412, 2437], flush: true });
    expect(bss.map((b) => [b.bssid, b.frequency, b.signal, b.ssid])).toEqual([["02:00:00:00:00:00", 2412, -20, "bss"]]);
    expect(seen.groupsAtTrigger).toEqual([groupId(fake, "scan")]);
    expect(fake.kernel.groups()).toEqual([]); // left again
    const [trigger, dump] = nlRequests(fake);
    expect(trigger).toEqual({
      flags: NLM_F_REQUEST | NLM_F_ACK,
      command: 33,
      version: 1,
      attrs: hex(`
        0800 0300 03000000            // NL80211_ATTR_IFINDEX 3
        0800 2d80                     // NL80211_ATTR_SCAN_SSIDS (nested)
          0400 0100                   //   SSID 1: "" (wildcard: an active scan)
        1400 2c80                     // NL80211_ATTR_SCAN_FREQUENCIES (nested)
          0800 0100 6c090000          //   2412
          0800 0200 85090000          //   2437
        0800 9e00 02000000            // NL80211_ATTR_SCAN_FLAGS NL80211_SCAN_FLAG_FLUSH
      `),
    });
    expect(dump).toEqual({ flags: NLM_F_REQUEST | NLM_F_DUMP, command: 32, version: 1, attrs: hex("0800 0300 03000000") });
    wifi.close();
  });

  test("a passive scan sends no SSIDs; named SSIDs are sent as bytes", async () => {
    const { fake } = scanKernel((f) => {
      f.inject("nl80211", "scan", 34, enc().u32(3, 3).encode());
      return [];
    });
    const wifi = await clientOf(fake);
    await wifi.scan(3, { ssids: [] });
    await wifi.scan(3, { ssids: ["ab"] });
    const [passive, , named] = nlRequests(fake);
    expect(passive!.attrs).toEqual(hex("0800 0300 03000000"));
    expect(named!.attrs).toEqual(hex("0800 0300 03000000  0c00 2d80 0600 0100 6162 0000"));
    await expect(wifi.scan(3, { ssids: ["x".repeat(33)] })).rejects.toThrow(/SSID of 33 bytes: at most 32/);
    wifi.close();
  });

  test("SCAN_ABORTED for the interface → ScanAbortedError", async () => {
    const { fake } = scanKernel((f) => {
      f.inject("nl80211", "scan", 35, enc().u32(3, 3).encode());
      return [];
    });
    const wifi = await clientOf(fake);
    const err = await wifi.scan(3).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScanAbortedError);
    expect((err as ScanAbortedError).interfaceIndex).toBe(3);
    expect(fake.kernel.groups()).toEqual([]);
    wifi.close();
  });

  test("a busy radio → NetlinkError EBUSY, and the group is left", async () => {
    const { fake } = scanKernel(() => errorReply(16));
    const wifi = await clientOf(fake);
    const err = await wifi.scan(3).catch((e: unknown) => e);
    expect((err as NetlinkError).code).toBe("EBUSY");
    expect(fake.kernel.groups()).toEqual([]);
    wifi.close();
  });

  test("aborting rejects with the reason and aborts the kernel's scan", async () => {
    const { fake } = scanKernel(() => []);
    const wifi = await clientOf(fake);
    const ac = new AbortController();
    const p = wifi.scan(3, { signal: ac.signal });
    setTimeout(() => ac.abort(new Error("user gave up")), 5);
    await expect(p).rejects.toThrow("user gave up");
    expect(nlRequests(fake).map((r) => r.command)).toEqual([33, 114]); // TRIGGER_SCAN, ABORT_SCAN
    expect(fake.kernel.groups()).toEqual([]);
    wifi.close();
  });

  test("an already aborted signal sends nothing", async () => {
    const { fake } = scanKernel(() => []);
    const wifi = await clientOf(fake);
    await expect(wifi.scan(3, { signal: AbortSignal.abort(new Error("no")) })).rejects.toThrow("no");
    expect(nlRequests(fake)).toEqual([]);
    wifi.close();
  });

  test("no result within the time-out → TimeoutError, kernel scan aborted", async () => {
    const { fake } = scanKernel(() => []);
    const wifi = await clientOf(fake);
    await expect(wifi.scan(3, { timeout: 20 })).rejects.toThrow(TimeoutError);
    expect(nlRequests(fake).map((r) => r.command)).toEqual([33, 114]);
    wifi.close();
  });

  test("lost events while waiting → OverrunError (the result may have been among them)", async () => {
    const { fake } = scanKernel((f) => {
      f.overrun();
      return [];
    });
    const wifi = await clientOf(fake);
    await expect(wifi.scan(3)).rejects.toThrow(OverrunError);
    wifi.close();
  });

  test("closing the client while a scan waits rejects it", async () => {
    const { fake } = scanKernel(() => []);
    const wifi = await clientOf(fake);
    const p = wifi.scan(3);
    setTimeout(() => wifi.close(), 5);
    await expect(p).rejects.toThrow(/closed/);
  });
});

describe("connect and disconnect", () => {
  test("an open network: CONNECT with SSID and frequency, resolved by the CONNECT event", async () => {
    let groupsAtConnect: number[] = [];
    const fake: FakeGenericKernel = fakeNl80211({
      46: () => {
        groupsAtConnect = fake.kernel.groups();
        fake.inject("nl80211", "mlme", 37, enc().u32(3, 3).encode());
        fake.inject("nl80211", "mlme", 46, enc().u32(3, 4).u16(72, 1).encode()); // another interface
        fake.inject("nl80211", "mlme", 46, enc().u32(3, 3).bytes(6, hex("020000000000")).u16(72, 0).encode());
        return [];
      },
    });
    const wifi = await clientOf(fake);
    const ev = await wifi.connect(3, { ssid: "bunnet-open", frequency: 2437, authType: "open" });
    expect(ev).toMatchObject({ type: "connect", bssid: "02:00:00:00:00:00", success: true });
    expect(groupsAtConnect).toEqual([groupId(fake, "mlme")]);
    expect(nlRequests(fake)[0]!.attrs).toEqual(
      hex(`
        0800 0300 03000000                      // NL80211_ATTR_IFINDEX 3
        0f00 3400 62756e6e65742d6f70656e 00     // NL80211_ATTR_SSID "bunnet-open" + pad
        0800 2600 85090000                      // NL80211_ATTR_WIPHY_FREQ 2437
        0800 3500 00000000                      // NL80211_ATTR_AUTH_TYPE open system
      `),
    );
    wifi.close();
  });

  test("a refusal → ConnectError with the status code", async () => {
    const fake: FakeGenericKernel = fakeNl80211({
      46: () => {
        fake.inject("nl80211", "mlme", 46, enc().u32(3, 3).u16(72, 17).encode());
        return [];
      },
    });
    const wifi = await clientOf(fake);
    const err = (await wifi.connect(3, { ssid: "x" }).catch((e: unknown) => e)) as ConnectError;
    expect(err).toBeInstanceOf(ConnectError);
    expect(err.statusCode).toBe(17);
    expect(err.timedOut).toBe(false);
    wifi.close();
  });

  test("no outcome within the time-out → TimeoutError and a disconnect", async () => {
    const fake = fakeNl80211({ 46: () => [], 48: () => [] });
    const wifi = await clientOf(fake);
    await expect(wifi.connect(3, { ssid: "x", timeout: 20 })).rejects.toThrow(TimeoutError);
    expect(nlRequests(fake).map((r) => r.command)).toEqual([46, 48]);
    wifi.close();
  });

  const phyWith = (ext: Uint8Array) => enc().u32(1, 1).string(2, "phy1").bytes(217, ext).encode();

  test("WPA2-PSK on a driver without 4-way handshake offload → WifiUnsupportedError, nothing sent", async () => {
    const fake = fakeNl80211({ 5: (_req, ctx) => [ctx.reply(7, wlan1)], 1: (_req, ctx) => [ctx.reply(3, phyWith(hex("0000")))] });
    const wifi = await clientOf(fake);
    const err = await wifi.connect(3, { ssid: "bunnet-psk", passphrase: "correct horse battery" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WifiUnsupportedError);
    expect(String(err)).toMatch(/4WAY_HANDSHAKE_STA_PSK/);
    expect(nlRequests(fake).map((r) => r.command)).toEqual([5, 1]);
    wifi.close();
  });

  test("WPA2-PSK with offload sends the PMK, ciphers, AKM and RSN element", async () => {
    const fake: FakeGenericKernel = fakeNl80211({
      5: (_req, ctx) => [ctx.reply(7, wlan1)],
      1: (_req, ctx) => [ctx.reply(3, phyWith(hex("0080")))],
      46: () => {
        fake.inject("nl80211", "mlme", 46, enc().u32(3, 3).u16(72, 0).encode());
        return [];
      },
    });
    const wifi = await clientOf(fake);
    await wifi.connect(3, { ssid: "IEEE", passphrase: "password" });
    const connect = nlRequests(fake).find((r) => r.command === 46)!;
    expect(connect.attrs).toEqual(
      hex(`
        0800 0300 03000000                  // NL80211_ATTR_IFINDEX 3
        0800 3400 49454545                  // NL80211_ATTR_SSID "IEEE"
        0400 4600                           // NL80211_ATTR_PRIVACY
        0800 4b00 02000000                  // NL80211_ATTR_WPA_VERSIONS NL80211_WPA_VERSION_2
        0800 4900 04ac0f00                  // NL80211_ATTR_CIPHER_SUITES_PAIRWISE [CCMP]
        0800 4a00 04ac0f00                  // NL80211_ATTR_CIPHER_SUITE_GROUP CCMP
        0800 4c00 02ac0f00                  // NL80211_ATTR_AKM_SUITES [PSK]
        2400 fe00                           // NL80211_ATTR_PMK (32 bytes)
          f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e
        1a00 2a00                           // NL80211_ATTR_IE: RSN element
          3014 0100 000fac04 0100 000fac04 0100 000fac02 0000 0000
      `),
    );
    wifi.close();
  });

  test("derivePmk is PBKDF2-HMAC-SHA1 (the IEEE 802.11i test vector) and checks the passphrase", () => {
    expect(derivePmk("password", "IEEE")).toEqual(hex("f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e"));
    expect(() => derivePmk("short", "IEEE")).toThrow(EncodeError);
    expect(() => derivePmk("x".repeat(64), "IEEE")).toThrow(EncodeError);
  });

  test("disconnect sends the reason code (default 3)", async () => {
    const fake = fakeNl80211({ 48: () => [] });
    const wifi = await clientOf(fake);
    await wifi.disconnect(3);
    await wifi.disconnect(3, { reasonCode: 1 });
    const [a, b] = nlRequests(fake);
    expect(a!.attrs).toEqual(hex("0800 0300 03000000  0600 3600 0300 0000"));
    expect(b!.attrs).toEqual(hex("0800 0300 03000000  0600 3600 0100 0000"));
    wifi.close();
  });
});

describe("events", () => {
  test("typed events from the groups asked for, overruns as items, break leaves the groups", async () => {
    const fake = fakeNl80211({});
    const wifi = await clientOf(fake);
    const it = await wifi.events({ groups: ["mlme", "config"] });
    expect(fake.kernel.groups()).toEqual([groupId(fake, "config"), groupId(fake, "mlme")].sort((a, b) => a - b));
    fake.inject("nl80211", "mlme", 19, enc().u32(3, 2).bytes(6, hex("020000000100")).encode());
    fake.inject("nl80211", "scan", 34, enc().u32(3, 3).encode()); // not subscribed: never seen
    fake.overrun();
    fake.inject("nl80211", "config", 7, wlan1);
    const got: string[] = [];
    for await (const ev of it) {
      got.push(ev.type);
      if (got.length === 3) break;
    }
    expect(got).toEqual(["station-added", "overrun", "interface-added"]);
    expect(fake.kernel.groups()).toEqual([]);
    wifi.close();
  });

  test("the signal ends the iteration", async () => {
    const fake = fakeNl80211({});
    const wifi = await clientOf(fake);
    const ac = new AbortController();
    const it = await wifi.events({ signal: ac.signal });
    expect(fake.kernel.groups().length).toBe(4);
    setTimeout(() => ac.abort(new Error("stop")), 5);
    await expect(it.next()).rejects.toThrow("stop");
    expect(fake.kernel.groups()).toEqual([]);
    wifi.close();
  });

  test("a malformed event → DecodeError from next()", async () => {
    const fake = fakeNl80211({});
    const wifi = await clientOf(fake);
    const it = await wifi.events({ groups: ["mlme"] });
    fake.inject("nl80211", "mlme", 48, enc().u8(54, 1).encode());
    await expect(it.next()).rejects.toThrow(/attribute type 54: u16 needs 2 bytes, has 1/);
    await it.return?.();
    wifi.close();
  });
});
