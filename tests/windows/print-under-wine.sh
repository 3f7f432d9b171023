#!/usr/bin/env bash
# The Windows build's printing, run for real: shequn.exe (x86_64-pc-windows-gnu)
# under Wine lists the printers and prints an invite sheet through the Windows print
# API (GDI, crates/winspool). Wine's spooler hands the job to a private CUPS with a
# cups-pdf queue; the PDF that comes out is scanned, and every code must read.
# Called by scripts/test.sh; needs root for cups-pdf (as the e2e print test does).
source "$(dirname "$0")/../../scripts/lib.sh"
cd "$REPO_ROOT"

# The shipped shequn.exe (release), the same the installer and the portable copy
# carry: built once by build_windows_programs (a no-op when package steps built it).
build_windows_programs
NO_RECOMMENDS=1 install_packages "${WINDOWS_TEST_PACKAGES[@]}"
EXE="$WINDOWS_RELEASE_DIR/shequn.exe"
[ -x "${SHEQUN_CLI_BIN:-}" ] || cargo build --locked -p shequn-cli
SHEQUN="${SHEQUN_CLI_BIN:-$CARGO_TARGET_DIR/debug/shequn}"

WORK="$(mktemp -d)"
CUPSD_PID=""
cleanup() {
  [ -n "$CUPSD_PID" ] && kill "$CUPSD_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# A private CUPS (own folder and socket; the machine's printers are not touched).
C="$WORK/cups"
mkdir -p "$C"/{conf,spool,cache,state,log,tmp}
chmod -R a+rwx "$WORK"
cat > "$C/cupsd.conf" <<CONF
Listen $C/cups.sock
LogLevel warn
WebInterface No
Browsing No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
CONF
cat > "$C/cups-files.conf" <<CONF
ServerRoot $C/conf
RequestRoot $C/spool
TempDir $C/tmp
CacheDir $C/cache
StateDir $C/state
AccessLog $C/log/access_log
ErrorLog $C/log/error_log
PageLog $C/log/page_log
Sandboxing relaxed
CONF
cupsd -f -c "$C/cupsd.conf" -s "$C/cups-files.conf" </dev/null >/dev/null 2>&1 &
CUPSD_PID=$!
for _ in $(seq 150); do [ -S "$C/cups.sock" ] && break; sleep 0.1; done
export CUPS_SERVER="$C/cups.sock"
PRINTER=ShequnWinePDF
lpadmin -p "$PRINTER" -v cups-pdf:/ -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd -E 2>/dev/null
lpadmin -d "$PRINTER"

# An invite sheet made by the Linux build, eight codes on A4.
DB="$WORK/shop.db"
"$SHEQUN" --db "$DB" shop set --name 花漾烘焙 >/dev/null
"$SHEQUN" --db "$DB" invites channel add --name 收银台立牌 --kind counter \
  --link https://weixin.qq.com/g/WineSpooler01 --gift 卤蛋 >/dev/null
CODES_JSON="$("$SHEQUN" --db "$DB" invites codes --channel 1 --count 8 --json)"
"$SHEQUN" --db "$DB" invites print --channel 1 --layout a4-8 --out "$WORK/sheet.pdf" >/dev/null

export WINEPREFIX="$WORK/wine" WINEDEBUG=-all
wine_prefix_for_rust "$WINEPREFIX"
LIST="$(wine "$EXE" print --list 2>/dev/null | tr -d '\r')"
echo "Wine 下 shequn.exe 看到的打印机：$LIST"
[[ "$LIST" == *"$PRINTER（默认）"* ]] || { echo "Windows 版没有列出默认打印机 $PRINTER" >&2; exit 1; }

STARTED="$WORK/started"
touch "$STARTED"
OUT="$(wine "$EXE" print "$WORK/sheet.pdf" 2>/dev/null | tr -d '\r')"
echo "$OUT"
JOB="${OUT##*-}"
[[ "$JOB" =~ ^[0-9]+$ ]] || { echo "没有拿到打印任务号：$OUT" >&2; exit 1; }

# cups-pdf writes to the Out folder of /etc/cups/cups-pdf.conf (Debian: ~/PDF).
PDF_DIR="$(sed -n 's/^Out[[:space:]]\+//p' /etc/cups/cups-pdf.conf | head -1)"
PDF_DIR="${PDF_DIR//\$\{HOME\}/$HOME}"
PRINTED=""
for _ in $(seq 240); do
  PRINTED="$(find "$PDF_DIR" -maxdepth 1 -name "*-job_${JOB}.pdf" -newer "$STARTED" 2>/dev/null | head -1)"
  [ -n "$PRINTED" ] && ! lpstat -o 2>/dev/null | grep -q "$PRINTER-$JOB" && break
  PRINTED=""
  sleep 0.5
done
[ -n "$PRINTED" ] || { echo "cups-pdf 没有写出任务 $JOB 的 PDF：$(cat "$C/log/error_log")" >&2; exit 1; }
echo "打印出的文件：$PRINTED"
pdfinfo "$PRINTED" | grep -q "A4" || { echo "打印出的不是 A4：$(pdfinfo "$PRINTED")" >&2; exit 1; }

# The page went raster → PostScript → PDF; zbar reads it at three settings, as a
# person would rescan, and the page's own picture at the printer's resolution (what
# the printer puts on paper, before any resampling of ours); every code must be read.
SCANNED=""
for DPI in 300 400 600; do
  pdftoppm -r "$DPI" -png "$PRINTED" "$WORK/page-$DPI" 2>/dev/null
  SCANNED+="$(zbarimg --quiet "$WORK"/page-"$DPI"-*.png 2>/dev/null || true)"$'\n'
done
pdfimages -png "$PRINTED" "$WORK/native" 2>/dev/null || true
if compgen -G "$WORK/native-*.png" >/dev/null; then
  SCANNED+="$(zbarimg --quiet "$WORK"/native-*.png 2>/dev/null || true)"$'\n'
fi
# Kept for a look when a code is not read (CI prints where).
KEPT="${TMPDIR:-/tmp}/shequn-wine-print-last"
rm -rf "$KEPT" && mkdir -p "$KEPT" && cp "$PRINTED" "$WORK"/*.png "$KEPT"/ 2>/dev/null || true
rm -f "$PRINTED"
MISSING=0
for CODE in $(printf '%s' "$CODES_JSON" | python3 -c 'import json,sys; print(" ".join(c["code"] for c in json.load(sys.stdin)))'); do
  grep -qx "QR-Code:$CODE" <<<"$SCANNED" || { echo "码 $CODE 在 Windows 打印出的纸上读不出来（打印件和扫描图留在 $KEPT）" >&2; MISSING=1; }
done
grep -qx "QR-Code:https://weixin.qq.com/g/WineSpooler01" <<<"$SCANNED" || { echo "进群链接读不出来" >&2; MISSING=1; }
[ "$MISSING" = 0 ]
echo "Windows 打印（Wine）：8 个码和进群链接都从打印出的纸上读出来了。"
