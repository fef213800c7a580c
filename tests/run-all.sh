#!/usr/bin/env bash
# Runs every test of gongwen on a fresh Debian machine: installs what the tests need when it is
# missing (the OOXML schema validator's xmllint, LibreOffice and poppler for the rendered-page
# checks, a CJK font), then `cargo test`. CI (.ci/run) calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v xmllint >/dev/null || need+=(libxml2-utils)
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null || need+=(poppler-utils)
[ -n "$(fc-list 2>/dev/null | grep -i "Noto Serif CJK")" ] || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

cargo test --release --locked
