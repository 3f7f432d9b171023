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

# The Windows build, made on this Linux machine: the MinGW linker and resource
# compiler, NSIS for the installer, zip for the portable copy.
WINDOWS_BUILD_PACKAGES=(gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 nsis zip)
# Only for the tests, not for running the app: the Windows build runs under Wine
# (its printing through Wine's spooler to the same private CUPS); icoutils reads the
# exe's version and icon resources back.
WINDOWS_TEST_PACKAGES=(wine icoutils x11-utils)
WINDOWS_TARGET=x86_64-pc-windows-gnu

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

# The shipped Windows programs (the app and the CLI, release, x86_64-pc-windows-gnu),
# built once: the installer, the portable .zip and the Wine print test all use them.
WINDOWS_RELEASE_TARGET_DIR="${SHEQUN_WINDOWS_TARGET:-$SHEQUN_CACHE/target-win}"
WINDOWS_RELEASE_DIR="$WINDOWS_RELEASE_TARGET_DIR/$WINDOWS_TARGET/release"
build_windows_programs() {
  if ! rustup target list --installed 2>/dev/null | grep -qx "$WINDOWS_TARGET"; then
    rustup target add "$WINDOWS_TARGET" || {
      echo "缺少 Rust 的 $WINDOWS_TARGET 目标，且无法安装：无法构建 Windows 版。" >&2
      exit 1
    }
  fi
  NO_RECOMMENDS=1 install_packages "${WINDOWS_BUILD_PACKAGES[@]}"
  step "Windows 版程序（社群掌柜 shequn-app.exe 与命令行 shequn.exe，$WINDOWS_TARGET）"
  (
    unset TAURI_CONFIG
    export CARGO_TARGET_DIR="$WINDOWS_RELEASE_TARGET_DIR"
    cd "$REPO_ROOT"
    cargo build --locked --release --target "$WINDOWS_TARGET" \
      -p shequn-app -p shequn-cli --features shequn-app/custom-protocol
  )
}

# The files a Windows install holds, into the folder given: the app, the CLI, the
# WebView2 loader the app links to (a MinGW build loads it from beside the exe) and
# its licence.
stage_windows_files() {
  local stage="$1" loader
  # The loader as webview2-com-sys copied it for this build (its newest build folder).
  loader="$(ls -t "$WINDOWS_RELEASE_DIR"/build/webview2-com-sys-*/out/x64/WebView2Loader.dll | head -1)"
  mkdir -p "$stage"
  cp "$WINDOWS_RELEASE_DIR/shequn-app.exe" "$WINDOWS_RELEASE_DIR/shequn.exe" "$loader" \
    "$REPO_ROOT/src-tauri/windows/WebView2Loader-LICENSE.txt" "$stage/"
}

# The Windows installer (makensis, our script) and the portable .zip, into dist/.
build_windows_packages() {
  local version work stage name
  version="$(app_version)"
  build_windows_programs
  step "Windows 安装程序与便携版，版本 $version"
  work="$(mktemp -d)"
  stage="$work/stage"
  stage_windows_files "$stage"
  # The uninstaller deletes exactly what was staged (and so never the shop's data).
  (cd "$stage" && find . -type f | sed 's|^\./||; s|/|\\|g' | sort |
    while read -r f; do printf 'Delete "$INSTDIR\\%s"\n' "$f"; done) > "$work/uninstall-files.nsh"
  mkdir -p "$DIST"
  makensis -V2 -INPUTCHARSET UTF8 \
    -DVERSION="$version" -DSTAGE="$stage" -DSTAGE_LIST="$work/uninstall-files.nsh" \
    -DICON="$REPO_ROOT/icons/icon.ico" \
    -DOUTFILE="$DIST/shequn-${version}-windows-x64-setup.exe" \
    "$REPO_ROOT/src-tauri/windows/installer.nsi"

  # The portable copy: the same files in one folder, with the marker that keeps the
  # data beside the program (crates/core/src/paths.rs).
  name="shequn-${version}-windows-x64-portable"
  mkdir -p "$work/$name"
  cp "$stage"/* "$work/$name/"
  cp "$REPO_ROOT/src-tauri/windows/shequn-portable.txt" "$work/$name/"
  rm -f "$DIST/$name.zip"
  (cd "$work" && zip -q -r -9 "$DIST/$name.zip" "$name")
  rm -rf "$work"
}

# A fresh Wine prefix able to run Rust programs: Wine 8 (Debian 12) lacks
# bcryptprimitives.dll, which Rust's standard library imports for ProcessPrng; a
# stand-in (tests/windows/bcryptprimitives.c) goes into the prefix's system32, never
# beside the programs under test. Windows itself has the real DLL.
wine_prefix_for_rust() {
  local prefix="$1"
  WINEPREFIX="$prefix" wineboot --init >/dev/null 2>&1
  WINEPREFIX="$prefix" wineserver -w
  x86_64-w64-mingw32-gcc -shared -O2 -o "$prefix/drive_c/windows/system32/bcryptprimitives.dll" \
    "$REPO_ROOT/tests/windows/bcryptprimitives.c" -ladvapi32
}
