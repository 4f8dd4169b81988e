#!/usr/bin/env bash
# ShopTrip's one entry point. On a fresh Debian machine it installs what is
# missing (only from crates.io, npm, Debian and rustup's own targets: nothing is
# fetched from GitHub), then builds or tests.
#
#   ./build.sh          set up, build pkg/, the extension and the web page
#   ./build.sh test     set up, build, then every test the repo has
#   ./build.sh serve    build, then serve www/ on http://127.0.0.1:8080
#   ./build.sh package --publisher PATH/publisher.json
#                       build, then the publisher's store zips, source zip and
#                       listings in dist/ (there is no package without one)
#   ./build.sh bench    build, then the native and the wasm-vs-JS benchmarks
#   ./build.sh setup    only install the toolchain
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD

WASM_PACK_VERSION=0.15.1
GECKODRIVER_VERSION=0.37.1
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export DEBIAN_FRONTEND=noninteractive
# wasm-pack and test runners must never reach for GitHub: every binary they need
# is installed below, and the drivers are named explicitly.
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT=120

log() { printf '\n== %s\n' "$*" >&2; }

# The wasm-bindgen CLI must be the exact version Cargo.lock pins, or wasm-pack
# tries to download one.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

apt_updated=0
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  if [ $apt_updated -eq 0 ]; then apt-get update -qq; apt_updated=1; fi
  # dpkg sometimes loses its temp dir on these machines: one retry is enough.
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

cargo_install() { # crate version binary
  local crate=$1 version=$2 bin=$3 extra=${4:-}
  # The output is read whole first: `grep -q` closing the pipe early would
  # fail the pipeline (pipefail) for tools that print several lines.
  local installed
  if command -v "$bin" >/dev/null && installed=$("$bin" --version 2>/dev/null) &&
    [[ $installed == *"$version"* ]]; then return 0; fi
  log "cargo install $crate $version"
  # shellcheck disable=SC2086
  cargo install -q "$crate" --version "$version" $extra
}

setup() {
  rustup target list --installed | grep -q wasm32-unknown-unknown ||
    rustup target add wasm32-unknown-unknown
  rustup component list --installed | grep -q rustfmt || rustup component add rustfmt
  rustup component list --installed | grep -q clippy || rustup component add clippy
  # IPA Gothic: Japanese pages and screenshots render glyphs, not boxes.
  # publicsuffix: the Public Suffix List that feeds are checked against.
  # firefox-esr-l10n-ja: Firefox in Japanese, for the journeys in ja.
  apt_install chromium chromium-driver firefox-esr firefox-esr-l10n-ja fonts-ipafont-gothic publicsuffix
  cargo_install wasm-pack "$WASM_PACK_VERSION" wasm-pack --locked
  # No --locked here: one of its locked dependencies is gone from the index.
  cargo_install wasm-bindgen-cli "$(wasm_bindgen_version)" wasm-bindgen
  cargo_install geckodriver "$GECKODRIVER_VERSION" geckodriver --locked
  if [ ! -x node_modules/.bin/wasm-opt ] || ! npm ls --silent >/dev/null 2>&1; then
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# --- build -----------------------------------------------------------------

# Copies the wasm-pack output the pages load (not the npm metadata).
install_pkg() {
  local dest=$1
  rm -rf "$dest"
  mkdir -p "$dest"
  cp pkg/shoptrip.js pkg/shoptrip_bg.wasm pkg/package.json "$dest/"
  [ -d pkg/snippets ] && cp -r pkg/snippets "$dest/"
  return 0
}

build() {
  log "wasm-pack build (release)"
  rm -rf pkg
  # wasm-pack's chatter is filtered; its exit status is not.
  wasm-pack build --target web --release --out-dir pkg --out-name shoptrip >/tmp/shoptrip-wasm-pack.log 2>&1 || {
    cat /tmp/shoptrip-wasm-pack.log >&2
    echo "wasm-pack build failed" >&2
    exit 1
  }
  grep -v -e "^\[INFO\]" -e "failed to get wasm-pack version" /tmp/shoptrip-wasm-pack.log >&2 || true
  install_pkg extension/pkg
  # The Public Suffix List (MPL-2.0) from Debian's package, with its notice:
  # a feed naming a public suffix as a store's domain is refused.
  cp /usr/share/publicsuffix/public_suffix_list.dat extension/public_suffix_list.dat
  cp /usr/share/doc/publicsuffix/copyright extension/public_suffix_list.copyright
  log "engine snapshots of the bundled catalogs"
  node tools/snapshots.mjs
  log "service worker bundle: extension/background.js"
  # One file, minified: a woken worker starts sooner than with a graph of
  # modules to fetch, or with twice the text to parse. The source map is read
  # only when DevTools are open.
  esbuild extension/worker/main.js --bundle --format=esm --target=chrome120,firefox142 \
    --banner:js="globalThis.shoptripScriptStart = performance.now();" \
    --minify --sourcemap --outfile=extension/background.js --log-level=warning
  log "Firefox build: dist/firefox/"
  node tools/firefox-build.mjs
  install_pkg www/pkg
  rm -rf www/catalogs
  cp -r extension/catalogs www/catalogs
  printf '%s bytes raw, %s gzipped: pkg/shoptrip_bg.wasm\n' \
    "$(wc -c <pkg/shoptrip_bg.wasm)" "$(gzip -9 -c pkg/shoptrip_bg.wasm | wc -c)" >&2
}

# --- test ------------------------------------------------------------------

run_tests() {
  log "cargo fmt --check"
  cargo fmt --check
  log "cargo clippy (native and wasm32)"
  cargo clippy -q --all-targets -- -D warnings
  cargo clippy -q --target wasm32-unknown-unknown --lib --tests -- -D warnings
  log "cargo test (native)"
  cargo test -q
  log "wasm-bindgen tests in headless Chromium"
  wasm-pack test --headless --chrome
  log "wasm-bindgen tests in headless Firefox"
  wasm-pack test --headless --firefox
  log "web-ext lint of the Firefox build"
  web-ext lint --source-dir dist/firefox --self-hosted --warnings-as-errors --no-input
  log "node tests: the JS API contract, www/, and the extension end to end"
  node --test --test-concurrency=1 tests/
  # The same API tests as if on other days: inside the fixtures' boost, after
  # their coupons expire, and years later. A test that quietly depends on
  # today's date fails on one of them.
  for day in 2030-11-30 2031-02-01 2047-06-15; do
    log "node API tests as if on $day"
    SHOPTRIP_TODAY=$day node --import ./tests/support/fixed-date.mjs --test tests/api.test.mjs
  done
}

# --- main --------------------------------------------------------------------

command=${1:-build}
case "$command" in
  setup) setup ;;
  build) setup; build ;;
  test) setup; build; run_tests ;;
  serve)
    setup; build
    log "serving www/ on http://127.0.0.1:8080/"
    exec python3 -m http.server 8080 --bind 127.0.0.1 --directory www ;;
  package)
    # A publisher's three zips for the stores (tools/package.mjs); the same
    # bytes on every run. Refused before anything is built without one.
    if [ "${2:-}" != "--publisher" ] || [ -z "${3:-}" ]; then
      echo "A store package needs a real publisher: ./build.sh package --publisher PATH/publisher.json (PUBLISHER.md)." >&2
      echo "Without one ShopTrip is the demo, whose offers are samples and earn nothing: it is for developers to load unpacked (extension/), never for a store." >&2
      exit 2
    fi
    publisher=$(realpath "$3")
    setup; build
    log "packages for $publisher: dist/"
    node tools/package.mjs --publisher "$publisher" ;;
  bench)
    setup; build
    log "native benchmarks (criterion)"
    cargo bench --bench core
    log "wasm matchUrl against a plain-JS peer"
    node bench/match.mjs
    log "extension service worker: cold start to the first badge"
    node bench/cold-start.mjs ;;
  fuzz)
    # The long fuzzing: ./build.sh fuzz [seconds per target] (default 600).
    # New inputs go to a scratch corpus; the committed one stays small.
    seconds=${2:-600}
    rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
    command -v cargo-fuzz >/dev/null || cargo install -q cargo-fuzz --locked
    (cd fuzz && cargo +nightly fuzz build -O)
    for target in match_url catalog policy_pack stored_state json_text regex; do
      log "fuzz $target for ${seconds}s"
      mkdir -p "fuzz/target/scratch/$target"
      (cd fuzz && cargo +nightly fuzz run -O "$target" "target/scratch/$target" "corpus/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=8192 2>&1 | grep -E "DONE|SUMMARY|panicked" || true)
    done ;;
  *) echo "usage: ./build.sh [build|test|package --publisher PATH|serve|bench|setup|fuzz [seconds]]" >&2; exit 2 ;;
esac
