#!/usr/bin/env bash
# Run INSIDE the test VM (test/vm/vm.sh): create simulated WiFi radios with
# mac80211_hwsim and bring up an access point on wlan0.
#
#   wifi-setup.sh [--radios N]          WPA2-PSK AP "bunnet-psk" (2412 MHz) on
#                                       wlan0, wpa_supplicant on wlan1, waits
#                                       until wlan1 is associated
#   wifi-setup.sh --open [--radios N]   open AP "bunnet-open" (2437 MHz) on
#                                       wlan0; wlan1 is left down, unassociated
#                                       and without wpa_supplicant
#
# Control sockets: /run/hostapd/wlan0, /run/wpa_supplicant/wlan1.
# Logs: /tmp/hostapd.log, /tmp/wpa_supplicant.log. Exit 0 when ready, 1 on
# failure (after printing diagnostics to stderr).
# shellcheck disable=SC2317  # (functions called through wait_for)
set -euo pipefail
export PATH="/usr/local/sbin:/usr/sbin:/sbin:$PATH"

MODE=psk
RADIOS=2
while (($#)); do
  case "$1" in
    --open) MODE=open; shift ;;
    --psk) MODE=psk; shift ;;
    --radios) [[ $# -ge 2 ]] || { echo "wifi-setup: --radios needs a value" >&2; exit 2; }; RADIOS="$2"; shift 2 ;;
    --radios=*) RADIOS="${1#*=}"; shift ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 && !/shellcheck/ { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "wifi-setup: unknown argument: $1" >&2; exit 2 ;;
  esac
done
[[ "$RADIOS" =~ ^[0-9]+$ && "$RADIOS" -ge 2 ]] || { echo "wifi-setup: --radios must be >= 2" >&2; exit 2; }

PSK_SSID="bunnet-psk"
PSK_PASS="correct horse battery"
PSK_CHANNEL=1
PSK_FREQ=2412
OPEN_SSID="bunnet-open"
OPEN_CHANNEL=6

T0=$(date +%s.%N)
log() { echo "wifi-setup: $*" >&2; }
elapsed() { awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1fs", b - a }'; }

diagnose() {
  {
    echo "wifi-setup: FAILED: $*"
    echo "---- iw dev"; iw dev 2>&1 || true
    echo "---- iw reg get"; iw reg get 2>&1 | head -n 20 || true
    echo "---- ip link"; ip link 2>&1 || true
    for f in /tmp/hostapd.log /tmp/wpa_supplicant.log; do
      if [[ -e "$f" ]]; then echo "---- $f (last 60 lines)"; tail -n 60 "$f"; fi
    done
    echo "---- dmesg (last 30 lines)"; dmesg 2>/dev/null | tail -n 30 || true
  } >&2
  exit 1
}

# wait_for SECONDS DESCRIPTION COMMAND...: poll COMMAND every 0.1 s
wait_for() {
  local secs="$1" what="$2"; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || diagnose "timed out after ${secs}s waiting for $what"
    sleep 0.1
  done
}

have_ifaces() { [[ -e /sys/class/net/wlan0 && -e /sys/class/net/wlan1 ]]; }

if [[ -e /sys/module/mac80211_hwsim ]]; then
  log "mac80211_hwsim is already loaded; leaving it as it is"
else
  modprobe mac80211_hwsim radios="$RADIOS" || diagnose "modprobe mac80211_hwsim failed"
fi
wait_for 15 "wlan0 and wlan1" have_ifaces

# The regulatory database comes from wireless-regdb on the host root
# (/lib/firmware/regulatory.db), which cfg80211 loads on demand.
iw reg set US || diagnose "iw reg set US failed"
reg_is_us() { iw reg get | grep 'country US' >/dev/null; }
wait_for 10 "regulatory domain US" reg_is_us

mkdir -p /run/hostapd /run/wpa_supplicant
rm -f /tmp/hostapd.log /tmp/wpa_supplicant.log

# No country_code line: with it hostapd waits for a regulatory change event
# that hwsim may not deliver and stalls.
if [[ $MODE == psk ]]; then
  cat >/tmp/hostapd.conf <<EOF
interface=wlan0
driver=nl80211
ctrl_interface=/run/hostapd
ctrl_interface_group=0
ssid=$PSK_SSID
hw_mode=g
channel=$PSK_CHANNEL
ieee80211n=1
wmm_enabled=1
auth_algs=1
wpa=2
wpa_key_mgmt=WPA-PSK
rsn_pairwise=CCMP
wpa_passphrase=$PSK_PASS
EOF
else
  cat >/tmp/hostapd.conf <<EOF
interface=wlan0
driver=nl80211
ctrl_interface=/run/hostapd
ctrl_interface_group=0
ssid=$OPEN_SSID
hw_mode=g
channel=$OPEN_CHANNEL
ieee80211n=1
wmm_enabled=1
auth_algs=1
EOF
fi

hostapd -B -t -P /run/hostapd.pid -f /tmp/hostapd.log /tmp/hostapd.conf </dev/null >/dev/null 2>&1 \
  || diagnose "hostapd failed to start"
ap_enabled() { grep -q 'AP-ENABLED' /tmp/hostapd.log; }
wait_for 30 "hostapd AP-ENABLED on wlan0" ap_enabled
log "AP $([[ $MODE == psk ]] && echo "$PSK_SSID" || echo "$OPEN_SSID") up on wlan0 after $(elapsed)"

if [[ $MODE == open ]]; then
  exit 0
fi

cat >/tmp/wpa_supplicant.conf <<EOF
ctrl_interface=/run/wpa_supplicant
ap_scan=1
network={
	ssid="$PSK_SSID"
	psk="$PSK_PASS"
	key_mgmt=WPA-PSK
	proto=RSN
	pairwise=CCMP
	scan_freq=$PSK_FREQ
}
EOF
wpa_supplicant -B -t -D nl80211 -i wlan1 -c /tmp/wpa_supplicant.conf \
  -P /run/wpa_supplicant.pid -f /tmp/wpa_supplicant.log </dev/null >/dev/null 2>&1 \
  || diagnose "wpa_supplicant failed to start"
associated() { iw dev wlan1 link | grep 'Connected to' >/dev/null; }
wait_for 60 "wlan1 to associate with $PSK_SSID" associated
# "Connected to" appears at association; wait for the 4-way handshake too
keyed() { wpa_cli -p /run/wpa_supplicant -i wlan1 status | grep "^wpa_state=COMPLETED" >/dev/null; }
wait_for 30 "the WPA handshake on wlan1" keyed
log "wlan1 associated with $PSK_SSID after $(elapsed)"
exit 0
