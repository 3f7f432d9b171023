#!/usr/bin/env bash
# Sets up everything 社群掌柜 needs on Debian/Ubuntu, builds it, and opens the app.
source "$(dirname "$0")/lib.sh"

install_system_packages
check_toolchains
install_ui_packages
build_ui
step "构建桌面应用（首次约需 5 分钟）"
cd "$REPO_ROOT"
cargo build --release -p shequn-app --features custom-protocol
step "启动社群掌柜"
exec "$CARGO_TARGET_DIR/release/shequn-app" "$@"
