#!/usr/bin/env bash
# Installs the native tools the ops tests drive (Debian 12 packages): the real SIP switch (Kamailio 5.6) and
# SIPp for SwitchEndToEndTest, and Prometheus's promtool for MonitoringConfigTest (only the tool is used;
# the tests never start the Prometheus server), and Debian's headless browser (chromium, chromium-driver) that
# ConsoleBrowserTest drives through Selenium (no browser download of its own), and curl, with which LocalStackTest
# runs the README's examples as printed. For the chaos run (-Pchaos, docs/deployment.md): nftables, whose nft sends
# the grid's traffic between test hosts through the latency proxy, and faketime (libfaketime), which skews one
# host's clock.
# Idempotent: when every package is already installed it changes nothing and touches no network.
set -euo pipefail

packages=(kamailio kamailio-utils-modules kamailio-extra-modules kamailio-json-modules sip-tester prometheus chromium chromium-driver curl nftables faketime)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "switch setup: already installed: ${packages[*]}"
else
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  # An install straight after a fresh image fails on stale or empty lists, so refresh only then.
  if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
    "${sudo[@]}" apt-get update
    "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
  fi
fi

# The package ships a systemd unit but the tests start their own instance on free ports; never rely on it.
command -v kamailio >/dev/null || { echo "switch setup: kamailio not on PATH after install" >&2; exit 1; }
command -v sipp >/dev/null || { echo "switch setup: sipp not on PATH after install" >&2; exit 1; }
command -v promtool >/dev/null || { echo "switch setup: promtool not on PATH after install" >&2; exit 1; }
command -v chromium >/dev/null || { echo "switch setup: chromium not on PATH after install" >&2; exit 1; }
command -v chromedriver >/dev/null || { echo "switch setup: chromedriver not on PATH after install" >&2; exit 1; }
command -v curl >/dev/null || { echo "switch setup: curl not on PATH after install" >&2; exit 1; }
command -v nft >/dev/null || [ -x /usr/sbin/nft ] || { echo "switch setup: nft not found after install" >&2; exit 1; }
ls /usr/lib/*/faketime/libfaketimeMT.so.1 >/dev/null 2>&1 || { echo "switch setup: libfaketimeMT.so.1 not found after install" >&2; exit 1; }
kamailio -v | head -1
sipp -v 2>&1 | grep -m1 -i 'sipp' || true
promtool --version 2>&1 | head -1
chromium --version 2>/dev/null | head -1
chromedriver --version 2>&1 | head -1
