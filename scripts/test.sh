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

step "cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust 测试（核心、命令行、外壳）"
cargo test --workspace --exclude shequn-e2e --locked

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

step "界面类型检查与单元测试"
(cd ui && npm run typecheck --silent && npm test --silent)

step "构建端到端测试用的应用（内嵌界面，独立的应用标识）"
# Its own target dir: the custom-protocol build has different features from the
# plain one above, and sharing would rebuild Tauri on every alternation.
E2E_TARGET="$SHEQUN_CACHE/target-e2e-app"
TAURI_CONFIG='{"identifier":"com.shequn.app.e2e"}' CARGO_TARGET_DIR="$E2E_TARGET" \
  cargo build -p shequn-app --features tauri/custom-protocol --locked
export SHEQUN_APP_BIN="$E2E_TARGET/debug/shequn-app"

step "端到端测试（真实窗口，Xvfb + tauri-driver）"
cargo test -p shequn-e2e --locked --no-run
run_e2e() {
  xvfb-run -a -s "-screen 0 1280x800x24" \
    cargo test -p shequn-e2e --locked -- --test-threads=1 --nocapture
}
if command -v dbus-run-session >/dev/null 2>&1; then
  export -f run_e2e
  dbus-run-session -- bash -c run_e2e
else
  run_e2e
fi

step "Windows 版打印（Wine 下运行 shequn.exe，经 Windows 打印接口打到 cups-pdf）"
bash "$REPO_ROOT/tests/windows/print-under-wine.sh"
