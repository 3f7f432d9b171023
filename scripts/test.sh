#!/usr/bin/env bash
# Runs every test of 社群掌柜: formatting, lints, Rust tests, generated bindings, UI
# type-check and tests, and the end-to-end tests of the real app under Xvfb.
source "$(dirname "$0")/lib.sh"

install_system_packages
check_toolchains
install_ui_packages
install_tauri_driver
cd "$REPO_ROOT"

# The shell embeds ui/dist at compile time, so it must exist before any cargo build.
build_ui

step "cargo fmt --check"
cargo fmt --all --check

# One feature set for every cargo step, so each crate is compiled once: the app embeds
# the UI (custom-protocol, as the end-to-end tests need), and its test build has its
# own identifier, so nothing it does lands in a real shop's folders. Cargo unifies
# features over the packages a command selects, so every command below selects the
# whole workspace (a `-p` or `--exclude` would rebuild Tauri with other features).
export TAURI_CONFIG='{"identifier":"com.shequn.app.e2e"}'
export WORKSPACE_ARGS="--workspace --locked --features shequn-app/custom-protocol"

step "cargo clippy"
cargo clippy $WORKSPACE_ARGS --all-targets -- -D warnings

step "构建（核心、命令行、外壳、端到端测试和它们驱动的应用）"
cargo build $WORKSPACE_ARGS --all-targets
export SHEQUN_APP_BIN="$CARGO_TARGET_DIR/debug/shequn-app"
export SHEQUN_CLI_BIN="$CARGO_TARGET_DIR/debug/shequn"

step "界面类型检查与单元测试"
(cd ui && npm run typecheck --silent && npm test --silent)

step "Rust 测试（核心、命令行、外壳）与端到端测试（真实窗口，Xvfb + tauri-driver）"
# One cargo test for all: the end-to-end tests take turns inside their binaries (see
# tests/e2e/src/lib.rs), and the display and session bus they need are harmless to
# the others.
run_tests() {
  # --no-fail-fast: one failing test binary must not hide how the others did.
  xvfb-run -a -s "-screen 0 1280x800x24" cargo test $WORKSPACE_ARGS --no-fail-fast
}
if command -v dbus-run-session >/dev/null 2>&1; then
  export -f run_tests
  dbus-run-session -- bash -c run_tests
else
  run_tests
fi

step "检查生成的文件（ui/src/bindings、命令权限）与 Rust 声明一致"
# build.rs writes the capability and cargo test writes the bindings, both from each
# #[tauri::command]: a difference here means a generated file was edited by hand or
# not committed after a command changed.
GENERATED="ui/src/bindings src-tauri/capabilities"
if [ -n "$(git status --porcelain -- $GENERATED)" ]; then
  git status --short -- $GENERATED
  git --no-pager diff -- $GENERATED | head -50
  echo "生成的文件已过期：运行 cargo test 重新生成后提交。" >&2
  exit 1
fi

# The installers: built once into dist/ (as scripts/package.sh does), then checked
# as installed software. The Windows programs inside them are the ones the Wine
# print test runs.
build_windows_packages
step "Windows 版打印（Wine 下运行 shequn.exe，经 Windows 打印接口打到 cups-pdf）"
bash "$REPO_ROOT/tests/windows/print-under-wine.sh"
step "Windows 安装程序：Wine 下静默安装、快捷方式、卸载项、版本与图标、缺 WebView2 的提示、静默卸载后数据仍在、便携版"
bash "$REPO_ROOT/tests/windows/installer-under-wine.sh"

build_linux_packages
step "Linux 安装包：apt 安装、菜单项检查、从菜单项启动、卸载后数据仍在"
bash "$REPO_ROOT/tests/packaging/linux.sh"
