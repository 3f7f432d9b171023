#!/usr/bin/env bash
# The Windows installer and the portable copy as a shop owner gets them, run under
# Wine in a Windows of their own (a fresh prefix):
#   - the installer from dist/ runs silently (/S), per-user: the program files land in
#     %LOCALAPPDATA%\Programs\社群掌柜, the Start-menu and desktop shortcuts 社群掌柜 point
#     at the app, 应用和功能 lists it with version and publisher;
#   - the installed exe carries the version and the app icon as resources, and the
#     installed shequn.exe says the version;
#   - the installed app, started where no WebView2 runtime is (Wine has none), says in
#     Chinese what is missing, in a window of its own, instead of silently not starting;
#   - the silent uninstall takes the program, shortcuts and entry away and keeps the
#     shop's data;
#   - the portable .zip keeps its data beside itself while its marker is there, and
#     uses the computer's data folder once the marker is removed.
# Called by scripts/test.sh after build_windows_packages.
source "$(dirname "$0")/../../scripts/lib.sh"
cd "$REPO_ROOT"
NO_RECOMMENDS=1 install_packages "${WINDOWS_TEST_PACKAGES[@]}" unzip xvfb xauth

VERSION="$(app_version)"
SETUP="$DIST/shequn-${VERSION}-windows-x64-setup.exe"
PORTABLE="$DIST/shequn-${VERSION}-windows-x64-portable.zip"
fail() { echo "Windows 安装包检查失败：$*" >&2; exit 1; }
[ -f "$SETUP" ] && [ -f "$PORTABLE" ] || fail "dist/ 里没有 $VERSION 版的安装程序和便携版"
[ -x "${SHEQUN_CLI_BIN:-}" ] || cargo build --locked -p shequn-cli
SHEQUN="${SHEQUN_CLI_BIN:-$CARGO_TARGET_DIR/debug/shequn}"

WORK="$(mktemp -d)"
XVFB_PID=""
cleanup() {
  WINEPREFIX="$WORK/wine" wineserver -k 2>/dev/null || true
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# A Windows of its own: its own prefix and home (Wine links the desktop folder into
# $HOME), no menu entries written into this machine, no Mono or Gecko prompts.
export HOME="$WORK/home" WINEPREFIX="$WORK/wine" WINEDEBUG=-all
export WINEDLLOVERRIDES="winemenubuilder.exe=d;mscoree=d;mshtml=d"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
mkdir -p "$HOME"
# A display for the windows Wine opens (the app's message); Wine needs one anyway.
DISPLAY_NUMBER=$((500 + RANDOM % 400))
while [ -e "/tmp/.X11-unix/X$DISPLAY_NUMBER" ]; do DISPLAY_NUMBER=$((DISPLAY_NUMBER + 1)); done
export DISPLAY=":$DISPLAY_NUMBER"
Xvfb "$DISPLAY" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
wine_prefix_for_rust "$WINEPREFIX"

WIN_USER="$(wine cmd /c 'echo %USERNAME%' 2>/dev/null | tr -d '\r')"
USER_DIR="$WINEPREFIX/drive_c/users/$WIN_USER"
INSTALLED="$USER_DIR/AppData/Local/Programs/社群掌柜"
START_MENU="$USER_DIR/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/社群掌柜.lnk"
DESKTOP_LINK="$(wine cmd /c 'echo %USERPROFILE%\Desktop' 2>/dev/null | tr -d '\r')"
DESKTOP_LINK="$(winepath -u "$DESKTOP_LINK" 2>/dev/null)/社群掌柜.lnk"
DATA="$USER_DIR/AppData/Roaming/com.shequn.app"
KEY='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\com.shequn.app'

# --- install, silently ---------------------------------------------------------
wine "$SETUP" /S || fail "安装程序 /S 退出码不是 0"
wineserver -w
for f in shequn-app.exe shequn.exe WebView2Loader.dll WebView2Loader-LICENSE.txt uninstall.exe; do
  [ -f "$INSTALLED/$f" ] || fail "安装后 $INSTALLED 里没有 $f"
done
echo "已安装到：$INSTALLED"

# Shortcuts named 社群掌柜 that start the app (a .lnk keeps its target's path).
for link in "$START_MENU" "$DESKTOP_LINK"; do
  [ -f "$link" ] || fail "没有快捷方式 $link"
  python3 - "$link" <<'PY' || fail "快捷方式 $link 没有指向 shequn-app.exe"
import sys
data = open(sys.argv[1], "rb").read()
sys.exit(0 if b"shequn-app.exe" in data or "shequn-app.exe".encode("utf-16-le") in data else 1)
PY
done
echo "快捷方式：开始菜单和桌面上的 社群掌柜"

# The entry in 应用和功能, read back as Windows keeps it.
wine reg export "$KEY" "$WORK/entry.reg" /y >/dev/null 2>&1 || fail "注册表里没有卸载项 $KEY"
ENTRY="$(iconv -f UTF-16 -t UTF-8 "$WORK/entry.reg" | tr -d '\r')"
expect_value() {
  grep -qxF "\"$1\"=$2" <<<"$ENTRY" || fail "卸载项的 $1 不是 $2：$ENTRY"
}
expect_value DisplayName '"社群掌柜"'
expect_value DisplayVersion "\"$VERSION\""
expect_value Publisher '"社群掌柜"'
grep -q '^"UninstallString"=".*uninstall.exe' <<<"$ENTRY" || fail "卸载项没有 UninstallString"
grep -q '^"QuietUninstallString"=".*uninstall.exe\\" /S"' <<<"$ENTRY" || fail "卸载项没有静默卸载命令"
grep -q '^"DisplayIcon"=".*shequn-app.exe,0"' <<<"$ENTRY" || fail "卸载项没有图标"
echo "应用和功能：社群掌柜 $VERSION（社群掌柜）"

# The exe's resources: the version (as 关于 and the installers say) and the app icon.
wrestool -x --raw --type=16 "$INSTALLED/shequn-app.exe" > "$WORK/version.res" ||
  fail "shequn-app.exe 没有版本资源"
VERSION_TEXT="$(python3 -c 'import sys; print(open(sys.argv[1], "rb").read().decode("utf-16-le", "replace").replace("\0", " "))' "$WORK/version.res")"
for want in "ProductName" "社群掌柜" "FileVersion" "$VERSION"; do
  grep -qF "$want" <<<"$VERSION_TEXT" || fail "shequn-app.exe 的版本资源里没有 $want"
done
wrestool -x --type=14 "$INSTALLED/shequn-app.exe" > "$WORK/exe-icon.ico" ||
  fail "shequn-app.exe 没有图标资源"
icotool -l "$WORK/exe-icon.ico" | sed 's/--index=[0-9]* //' | sort > "$WORK/exe-icon.sizes"
icotool -l icons/icon.ico | sed 's/--index=[0-9]* //' | sort > "$WORK/app-icon.sizes"
[ -s "$WORK/exe-icon.sizes" ] && diff -u "$WORK/app-icon.sizes" "$WORK/exe-icon.sizes" ||
  fail "shequn-app.exe 的图标不是 icons/icon.ico"
echo "shequn-app.exe：版本 $VERSION、社群掌柜 的图标"

SAID="$(wine "$INSTALLED/shequn.exe" --version 2>/dev/null | tr -d '\r')"
[ "$SAID" = "shequn $VERSION" ] || fail "安装的 shequn.exe --version 说的是：$SAID"
echo "安装的 shequn.exe --version：$SAID"

# Wine has no WebView2 runtime: the app must say so and what to do, not just vanish.
wine "$INSTALLED/shequn-app.exe" >"$WORK/app.out" 2>"$WORK/app.err" &
APP=$!
said=""
for _ in $(seq 120); do
  if grep -q "WebView2 运行库" "$WORK/app.err" 2>/dev/null &&
    xwininfo -root -tree 2>/dev/null | grep -q "缺少 WebView2 运行库"; then
    said=yes
    break
  fi
  kill -0 "$APP" 2>/dev/null || break
  sleep 0.5
done
wineserver -k 2>/dev/null || true
wait "$APP" 2>/dev/null || true
[ -n "$said" ] || fail "没有 WebView2 时应用没有说明（输出：$(cat "$WORK/app.err")；窗口：$(xwininfo -root -tree | grep -c '"')）"
grep -q "go.microsoft.com/fwlink" "$WORK/app.err" || fail "缺少 WebView2 的说明里没有下载地址"
echo "没有 WebView2 时：应用弹出“缺少 WebView2 运行库”并给出下载地址"

# --- the shop's data, then a silent uninstall ------------------------------------
wine "$INSTALLED/shequn.exe" shop set --name 花漾烘焙 >/dev/null 2>&1 ||
  fail "安装的 shequn.exe 存不了店铺资料"
[ -f "$DATA/shequn.db" ] || fail "数据没有存在 %APPDATA%\\com.shequn.app"
QUIET="$(sed -n 's/^"QuietUninstallString"="\(.*\)"$/\1/p' <<<"$ENTRY" | sed 's/\\\\/\\/g; s/\\"/"/g')"
# As 应用和功能 would run it: the program the entry names, with its /S. (Through
# Wine's cmd the Chinese folder name would not survive the console code page.)
[[ "$QUIET" =~ ^\"(.*)\"\ (/S)$ ]] || fail "静默卸载命令不是 \"…uninstall.exe\" /S：$QUIET"
UNINSTALLER="$(winepath -u "${BASH_REMATCH[1]}" 2>/dev/null)"
wine "$UNINSTALLER" "${BASH_REMATCH[2]}" || fail "静默卸载退出码不是 0"
# The uninstaller restarts itself from a temporary copy: wait for every Wine process.
wineserver -w
for f in shequn-app.exe shequn.exe WebView2Loader.dll uninstall.exe; do
  [ ! -e "$INSTALLED/$f" ] || fail "卸载后还留着 $f"
done
[ ! -e "$INSTALLED" ] || fail "卸载后程序文件夹还在：$(ls -A "$INSTALLED")"
[ ! -e "$START_MENU" ] && [ ! -e "$DESKTOP_LINK" ] || fail "卸载后快捷方式还在"
! wine reg query "$KEY" >/dev/null 2>&1 || fail "卸载后 应用和功能 里还有 社群掌柜"
[ -f "$DATA/shequn.db" ] || fail "卸载把店铺数据删了"
"$SHEQUN" --db "$DATA/shequn.db" shop show --json | grep -q '"name": "花漾烘焙"' ||
  fail "卸载后数据文件读不出店铺名"
echo "静默卸载：程序、快捷方式、卸载项都已移除；店铺数据仍在 $DATA"

# --- the portable copy ---------------------------------------------------------
USB="$WORK/usb"
mkdir -p "$USB"
unzip -q "$PORTABLE" -d "$USB"
COPY="$USB/shequn-${VERSION}-windows-x64-portable"
for f in shequn-app.exe shequn.exe WebView2Loader.dll shequn-portable.txt; do
  [ -f "$COPY/$f" ] || fail "便携版里没有 $f"
done
wine "$COPY/shequn.exe" shop set --name 便携小店 >/dev/null 2>&1 || fail "便携版存不了店铺资料"
[ -f "$COPY/shequn-data/shequn.db" ] || fail "便携版的数据没有存在它旁边的 shequn-data 里"
"$SHEQUN" --db "$COPY/shequn-data/shequn.db" shop show --json | grep -q '"name": "便携小店"' ||
  fail "便携版旁边的数据文件里没有它存的店铺名"
"$SHEQUN" --db "$DATA/shequn.db" shop show --json | grep -q '"name": "花漾烘焙"' ||
  fail "便携版改动了电脑上的数据"
# Without the marker it is an ordinary copy: the computer's data folder.
rm "$COPY/shequn-portable.txt"
SHOWN="$(wine "$COPY/shequn.exe" shop show 2>/dev/null | tr -d '\r')"
grep -q "店铺名称：花漾烘焙" <<<"$SHOWN" || fail "去掉标记后便携版没有改用电脑上的数据：$SHOWN"
echo "便携版：有 shequn-portable.txt 时数据在旁边的 shequn-data，去掉后用电脑上的数据文件夹"
echo "Windows 安装程序与便携版：全部检查通过。"
