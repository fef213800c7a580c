#!/usr/bin/env bash
# Runs every test of gongwen on a fresh Debian machine with nothing but Rust on it:
#  1. installs with apt-get what the tests need and the machine lacks: Python's venv, LibreOffice
#     and poppler (the PDF and page checks), a CJK font;
#  2. installs openxml-audit (Microsoft's Open XML SDK validation, ported to Python) into a
#     virtual environment under target/, since Debian's Python refuses global pip installs;
#  3. runs `cargo test` on a copy of the repository in an empty temporary folder, so no test can
#     lean on anything beside the checkout; every checker is required (none may be skipped).
# CI (.ci/run) calls exactly this.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

need=()
command -v python3 >/dev/null || need+=(python3)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || need+=(python3-venv)
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null || need+=(poppler-utils)
fc-list 2>/dev/null | grep -qi "Noto Serif CJK" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

venv="$repo/target/audit-venv"
audit_version="0.8.0"
if ! "$venv/bin/pip" show openxml-audit 2>/dev/null | grep -qx "Version: $audit_version"; then
  echo "installing: openxml-audit $audit_version into $venv"
  rm -rf "$venv"
  mkdir -p "$repo/target"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "openxml-audit==$audit_version"
fi
export GONGWEN_OPENXML_AUDIT="$venv/bin/openxml-audit"
export GONGWEN_REQUIRE_CHECKERS=1

# The copy: the files git knows (committed or new, not ignored), or everything but target/.
alone=$(mktemp -d)
trap 'rm -rf "$alone"' EXIT
mkdir "$alone/gongwen"
if git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git -C "$repo" ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do
      if [ -e "$f" ]; then cp --parents -P -- "$f" "$alone/gongwen/"; fi
    done
else
  tar -C "$repo" --exclude=./target -cf - . | tar -C "$alone/gongwen" -xf -
fi
cd "$alone/gongwen"
echo "testing a copy of the repository in $alone (nothing beside it)"
CARGO_TARGET_DIR="$repo/target" cargo test --release --locked
