#!/usr/bin/env bash
# Builds every installer this machine can build into dist/ and prints their sizes:
# the Linux .deb and .rpm (Tauri's bundler, offline), the Windows installer (our NSIS
# script, Debian's makensis) and the Windows portable .zip. A Mac's .dmg cannot be
# built here: .github/workflows/release.yml builds every installer on hosted runners.
source "$(dirname "$0")/lib.sh"

install_system_packages
check_toolchains
install_ui_packages
build_ui
cd "$REPO_ROOT"

build_linux_packages
build_windows_packages

step "安装包在 dist/"
(cd "$DIST" && stat -c '%s %n' -- * | awk '{ printf "%8.1f MB  %s\n", $1 / 1048576, $2 }')
