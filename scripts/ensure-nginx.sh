#!/usr/bin/env bash
# Make sure Debian's nginx (and, when the distribution has it, the brotli module) is installed.
# The package must not start its default site on port 80: a temporary policy-rc.d keeps the
# service stopped during installation (the drill runs its own nginx on a high port).
set -euo pipefail
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then exit 0; fi
echo "installing nginx (apt)…" >&2
created_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  created_policy=1
fi
trap '[ "$created_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT
apt-get update -qq
pkgs=(nginx-light)
apt-cache show nginx >/dev/null 2>&1 && pkgs=(nginx)
apt-cache show libnginx-mod-http-brotli-filter >/dev/null 2>&1 && pkgs+=(libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static)
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
echo "installed: ${pkgs[*]}" >&2
