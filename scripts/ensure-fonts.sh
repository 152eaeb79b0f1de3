#!/usr/bin/env bash
# A font covering Chinese for the PDFs (assessment reports, contracts, archive summaries).
# WeasyPrint finds fonts through fontconfig and embeds them; without one every Chinese character prints as
# an empty box, so the platform refuses to issue PDFs (smedt.core.pdf). Debian/Ubuntu: fonts-noto-cjk.
set -euo pipefail
has_cjk() {
  command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh-cn file 2>/dev/null | head -n 1)" ]
}
if has_cjk; then exit 0; fi
echo "installing the Chinese font for PDFs (apt: fontconfig fonts-noto-cjk)…" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "缺少中文字体：请以 root 身份安装 fonts-noto-cjk（apt-get install fonts-noto-cjk）后重试" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "缺少中文字体：请用本系统的包管理器安装 Noto CJK 字体（Debian/Ubuntu 的 fonts-noto-cjk）" >&2
  exit 1
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fontconfig fonts-noto-cjk >/dev/null
fc-cache -f >/dev/null 2>&1 || true
has_cjk || { echo "fonts-noto-cjk installed but fontconfig does not list a Chinese font" >&2; exit 1; }
