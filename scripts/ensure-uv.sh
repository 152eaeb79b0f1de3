#!/usr/bin/env bash
# Print the path of a working `uv`, installing it with pip when missing.
set -euo pipefail
if command -v uv >/dev/null 2>&1; then command -v uv; exit 0; fi
for cand in "$HOME/.local/bin/uv" /usr/local/bin/uv; do
  if [ -x "$cand" ]; then echo "$cand"; exit 0; fi
done
{
  python3 -m pip install --quiet uv \
  || python3 -m pip install --quiet --user uv \
  || python3 -m pip install --quiet --break-system-packages uv \
  || { apt-get update -qq && apt-get install -y -qq python3-pip >/dev/null && python3 -m pip install --quiet --break-system-packages uv; }
} >&2
command -v uv 2>/dev/null || { [ -x "$HOME/.local/bin/uv" ] && echo "$HOME/.local/bin/uv"; } || python3 -c 'import sysconfig,os;print(os.path.join(sysconfig.get_path("scripts"),"uv"))'
