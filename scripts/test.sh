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

step "检查 ui/src/bindings 与 Rust 类型一致"
if [ -n "$(git status --porcelain -- ui/src/bindings)" ]; then
  git status --short -- ui/src/bindings
  git --no-pager diff -- ui/src/bindings | head -50
  echo "ui/src/bindings 已过期：运行 cargo test 重新生成后提交。" >&2
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
