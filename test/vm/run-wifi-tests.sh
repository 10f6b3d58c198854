#!/usr/bin/env bash
# Run the WiFi suite (test/wifi-vm) inside a qemu VM with mac80211_hwsim: a real cfg80211 stack.
# Prints bun test's summary; exits non-zero on any failure. Needs root (qemu, 9p shares).
set -euo pipefail
cd "$(dirname "$0")/../.."
exec test/vm/vm.sh --timeout "${VM_SUITE_TIMEOUT:-1800}" -- bun test --timeout 120000 test/wifi-vm
