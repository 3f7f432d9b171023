#!/usr/bin/env bash
# The Linux installers as a shop owner gets them: the .deb in dist/ is installed with
# apt, its menu entry validated, the installed app started from that entry's Exec
# line under Xvfb until its window 社群掌柜 shows, then uninstalled — and the shop's
# data folder must still be there. The .rpm must hold the same files.
# Called by scripts/test.sh after build_linux_packages; needs root (apt).
source "$(dirname "$0")/../../scripts/lib.sh"
cd "$REPO_ROOT"
NO_RECOMMENDS=1 install_packages desktop-file-utils rpm x11-utils

VERSION="$(app_version)"
DEB="$DIST/shequn_${VERSION}_amd64.deb"
RPM="$DIST/shequn-${VERSION}-1.x86_64.rpm"
DESKTOP=/usr/share/applications/shequn.desktop
fail() { echo "安装包检查失败：$*" >&2; exit 1; }
[ -f "$DEB" ] && [ -f "$RPM" ] || fail "dist/ 里没有 $VERSION 版的 .deb 和 .rpm"

WORK="$(mktemp -d)"
APP_PID=""
XVFB_PID=""
stop_app() {
  # The app runs in a session of its own (setsid): its whole group goes.
  [ -n "$APP_PID" ] && { kill -- "-$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; }
  APP_PID=""
}
cleanup() {
  stop_app
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true
  # The desktop portal mounts a FUSE folder in the cache it was given.
  mount | awk -v w="$WORK" 'index($3, w) == 1 { print $3 }' | xargs -r -n1 fusermount -u 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The two packages carry the same files.
dpkg-deb -c "$DEB" | awk '$1 !~ /^d/ { sub(/^\.?\/?/, "/", $6); print $6 }' | sort > "$WORK/deb.files"
rpm -qpl "$RPM" 2>/dev/null | sort > "$WORK/rpm.files"
diff -u "$WORK/deb.files" "$WORK/rpm.files" || fail ".deb 和 .rpm 装的文件不一样"
for f in /usr/bin/shequn-app "$DESKTOP" /usr/share/icons/hicolor/256x256/apps/shequn-app.png; do
  grep -qx "$f" "$WORK/deb.files" || fail "安装包里缺少 $f"
done

as_root apt-get install -y -qq "$DEB" >/dev/null
dpkg-query -W -f='${Version}\n' shequn | grep -qx "$VERSION" || fail "装上的版本不是 $VERSION"
desktop-file-validate "$DESKTOP" || fail "菜单项 $DESKTOP 不合规范"
grep -qx 'Name=社群掌柜' "$DESKTOP" || fail "菜单里的名字不是 社群掌柜"

# Start it the way the menu does, on a display of its own and with its own data
# folder (never a real shop's).
EXEC="$(sed -n 's/^Exec=//p' "$DESKTOP" | head -1)"
export XDG_DATA_HOME="$WORK/share" XDG_CONFIG_HOME="$WORK/config" XDG_CACHE_HOME="$WORK/cache"
DATA="$XDG_DATA_HOME/com.shequn.app"
DISPLAY_NUMBER=$((90 + RANDOM % 400))
while [ -e "/tmp/.X11-unix/X$DISPLAY_NUMBER" ]; do DISPLAY_NUMBER=$((DISPLAY_NUMBER + 1)); done
export DISPLAY=":$DISPLAY_NUMBER"
Xvfb "$DISPLAY" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
(cd "$WORK" && exec setsid dbus-run-session -- $EXEC) >"$WORK/app.log" 2>&1 &
APP_PID=$!
shown=""
for _ in $(seq 120); do
  if xwininfo -root -tree 2>/dev/null | grep -q '"社群掌柜": ("shequn-app"'; then shown=yes; fi
  [ -n "$shown" ] && [ -f "$DATA/shequn.db" ] && break
  sleep 0.5
done
[ -n "$shown" ] || { tail -20 "$WORK/app.log" >&2; fail "装好的应用没有打开“社群掌柜”窗口"; }
[ -f "$DATA/shequn.db" ] || fail "装好的应用没有在 $DATA 建立数据文件"
echo "装好的应用（$EXEC）打开了窗口 社群掌柜，数据在 $DATA"
stop_app

# The same installed binary driven through WebDriver, on a data folder of its own:
# a first start opens on the 开店向导.
(
  unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME DISPLAY
  # As scripts/test.sh builds the tests (this script may also run on its own).
  export WORKSPACE_ARGS="${WORKSPACE_ARGS:---workspace --locked --features shequn-app/custom-protocol}"
  E2E_CONFIG='{"identifier":"com.shequn.app.e2e"}'
  export TAURI_CONFIG="${TAURI_CONFIG:-$E2E_CONFIG}"
  export SHEQUN_APP_BIN="/usr/bin/$(basename "${EXEC%% *}")"
  run_installed() {
    xvfb-run -a -s "-screen 0 1280x800x24" cargo test $WORKSPACE_ARGS --test installed -- \
      --ignored the_installed_app_opens_on_the_setup_wizard
  }
  export -f run_installed
  dbus-run-session -- bash -c run_installed
) || fail "装好的应用第一次打开时没有显示开店向导"
echo "装好的应用第一次打开显示开店向导"

as_root apt-get remove -y -qq shequn >/dev/null
[ ! -e /usr/bin/shequn-app ] || fail "卸载后 /usr/bin/shequn-app 还在"
[ -f "$DATA/shequn.db" ] || fail "卸载后店铺数据不见了：$DATA"
echo "卸载完成，店铺数据仍在 $DATA"
