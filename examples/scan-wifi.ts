/**
 * Scan for WiFi networks on the first station interface and print what answered.
 * Scanning needs root (CAP_NET_ADMIN); without a WiFi stack it says so.
 *
 *   sudo bun examples/scan-wifi.ts [IFACE]
 */
import { WifiClient, WifiUnavailableError } from "bun-netlink/wifi";

try {
  await using wifi = await WifiClient.open();
  const interfaces = await wifi.listInterfaces();
  const ifc = interfaces.find((i) => i.name === process.argv[2]) ?? interfaces.find((i) => i.type === "station");
  if (ifc?.index === undefined) throw new Error("no station interface to scan with");
  const results = await wifi.scan(ifc.index, { signal: AbortSignal.timeout(60_000) });
  for (const bss of results.sort((a, b) => (b.signal ?? -200) - (a.signal ?? -200))) {
    console.log(`${bss.bssid}  ${String(bss.frequency).padStart(4)} MHz  ${bss.signal ?? "?"} dBm  ${bss.ssid ?? "(hidden)"}`);
  }
} catch (err) {
  if (!(err instanceof WifiUnavailableError)) throw err;
  console.error("no WiFi stack (nl80211 not available) on this machine");
  process.exitCode = 3;
}
