# Shared by scripts/run.sh and scripts/test.sh. Sourced, not run.
# Installs what 社群掌柜 needs on Debian/Ubuntu, only what is missing.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Build caches live outside the clone, so a fresh clone (CI) rebuilds in seconds.
SHEQUN_CACHE="${SHEQUN_CACHE:-$HOME/.cache/shequn}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$SHEQUN_CACHE/target}"
export PATH="$HOME/.cargo/bin:$PATH"

APT_PACKAGES=(
  # Tauri 2 on Linux
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev
  libsoup-3.0-dev libxdo-dev libssl-dev build-essential pkg-config file curl
  # Chinese text in the window
  fonts-noto-cjk
  # Printing through the OS (lp, lpstat)
  cups-client
  # End-to-end tests: virtual display, WebDriver for WebKitGTK, a session bus
  xvfb xauth webkit2gtk-driver dbus
  # Checking printed output as a printer sees it: a CUPS server with a virtual PDF
  # printer, rasterising, QR decoding, text extraction, PDF structure checks
  cups printer-driver-cups-pdf poppler-utils zbar-tools qpdf
  # Reading posters back as a person would: OCR of the Chinese headline
  tesseract-ocr tesseract-ocr-chi-sim
  # Reading back what the app put on the system clipboard
  xclip
)

step() { printf '\n\033[1;32m==> %s\033[0m  (%s)\n' "$*" "$(date +%T)"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Only for the tests, not for running the app: the Windows build's printing is run
# under Wine, whose spooler hands the pages to the same private CUPS.
WINDOWS_TEST_PACKAGES=(wine gcc-mingw-w64-x86-64)

# Installs the Debian packages given that are missing (without their recommended
# extras when NO_RECOMMENDS=1).
install_packages() {
  local flags=()
  [ "${NO_RECOMMENDS:-0}" = 1 ] && flags+=(--no-install-recommends)
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    step "安装系统依赖：${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${flags[@]}" "${missing[@]}"
  fi
}

install_system_packages() {
  local extra=()
  command -v node >/dev/null 2>&1 || extra+=(nodejs npm)
  install_packages "${APT_PACKAGES[@]}" "${extra[@]}"
}

check_toolchains() {
  if ! command -v cargo >/dev/null 2>&1; then
    echo "没有找到 Rust（cargo）。请先按 https://rustup.rs 的说明安装 Rust，再重新运行。" >&2
    exit 1
  fi
  local node_version
  node_version="$(node -p 'process.versions.node')"
  if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
    echo "Node.js 版本太旧（$node_version），需要 20.19 或更新版本。" >&2
    exit 1
  fi
}

install_ui_packages() {
  step "安装界面依赖（npm）"
  # npm ci cannot be used: the lockfile lacks some optional platform packages of the
  # Tauri CLI that this registry does not carry; npm install resolves them.
  (cd "$REPO_ROOT/ui" && npm install --no-audit --no-fund --loglevel=error)
}

install_tauri_driver() {
  if ! command -v tauri-driver >/dev/null 2>&1; then
    step "安装 tauri-driver（端到端测试用）"
    cargo install tauri-driver --version '^2' --locked
  fi
}

build_ui() {
  step "构建界面"
  (cd "$REPO_ROOT/ui" && npm run build --silent)
}

# The one version number of the workspace (Cargo.toml), which the app, the CLI and
# every installer carry.
app_version() {
  sed -n '/^\[workspace.package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' "$REPO_ROOT/Cargo.toml"
}

# The installers are built into dist/ once; the steps that check them use these.
DIST="$REPO_ROOT/dist"

# The Linux .deb and .rpm of the shipped build (Tauri's bundler, offline), into dist/.
build_linux_packages() {
  local version
  version="$(app_version)"
  step "Linux 安装包（.deb、.rpm），版本 $version"
  (
    # The shipped build, not the tests' (they have their own identifier, so their
    # data never lands in a shop's folder). Release builds keep a cache of their own:
    # sharing the debug builds' would make each throw the other's away.
    unset TAURI_CONFIG
    export CARGO_TARGET_DIR="${SHEQUN_RELEASE_TARGET:-$SHEQUN_CACHE/target-release}"
    cd "$REPO_ROOT"
    "$REPO_ROOT/ui/node_modules/.bin/tauri" build --ci --bundles deb,rpm
    mkdir -p "$DIST"
    local bundle="$CARGO_TARGET_DIR/release/bundle"
    cp "$bundle/deb/shequn_${version}_amd64.deb" "$bundle/rpm/shequn-${version}-1.x86_64.rpm" "$DIST/"
  )
}
