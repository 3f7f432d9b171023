; The Windows installer of 社群掌柜, built on Linux by Debian's makensis
; (scripts/lib.sh: build_windows_packages). Tauri's own NSIS bundle fetches its
; plugins and templates from the network when it runs; this machine has none, so the
; installer is ours: per-user (no administrator needed), shortcuts named 社群掌柜,
; an entry in 应用和功能, and an uninstaller that never touches the shop's data.
;
; Defined on the command line:
;   VERSION   the workspace version (0.1.0)
;   STAGE     the folder holding everything that is installed
;   OUTFILE   the installer to write
;   ICON      the app icon (.ico)
;   STAGE_LIST  an .nsh of Delete lines, one per staged file

Unicode true
; A 64-bit installer for a 64-bit app: a 32-bit Windows is told by Windows itself
; that it cannot run it, before anything is written.
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
; One dictionary large enough to hold both programs: they carry the same font, which
; is then stored once.
SetCompressorDictSize 64
RequestExecutionLevel user

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh

!define PRODUCT "社群掌柜"
!define PUBLISHER "社群掌柜"
!define APP_EXE "shequn-app.exe"
; The same key name as the app identifier, so a later installer finds this one.
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\com.shequn.app"
; Microsoft's client id of the Evergreen WebView2 runtime under EdgeUpdate.
!define WEBVIEW2_CLIENT "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
Caption "${PRODUCT} ${VERSION} 安装"
UninstallCaption "卸载 ${PRODUCT}"
OutFile "${OUTFILE}"
; Per-user programs folder, as Windows itself uses for per-user apps.
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=2052 "FileDescription" "${PRODUCT} 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "© 2026 ${PUBLISHER}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "现在打开${PRODUCT}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

; The window of the app is drawn by Microsoft's WebView2 runtime. Windows 11 and
; current Windows 10 have it; an older Windows 10 may not. The install goes on either
; way (the runtime can be added afterwards), and the app says the same at start.
Function CheckWebView2
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_CLIENT}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_CLIENT}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    DetailPrint "没有找到 Microsoft Edge WebView2 运行库"
    MessageBox MB_OK|MB_ICONINFORMATION "这台电脑还没有 Microsoft Edge WebView2 运行库，${PRODUCT}的窗口要靠它显示。$\r$\n$\r$\n请用浏览器打开 https://go.microsoft.com/fwlink/p/?LinkId=2124703 下载并运行它（免费，约 2 MB，装好后无需重启），再打开${PRODUCT}。$\r$\n$\r$\n安装会继续完成。" /SD IDOK
  ${Else}
    DetailPrint "Microsoft Edge WebView2 运行库：$0"
  ${EndIf}
FunctionEnd

Section "${PRODUCT}" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; Exactly the staged files: the uninstaller below deletes these and nothing else.
  File /r "${STAGE}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0 SW_SHOWNORMAL "" "${PRODUCT}：门店社群运营助手"
  CreateShortCut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0 SW_SHOWNORMAL "" "${PRODUCT}：门店社群运营助手"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0

  Call CheckWebView2
SectionEnd

Section "Uninstall"
  ; The program's files only. The shop's data lives in %APPDATA%\com.shequn.app
  ; (or, for a portable copy, in shequn-data beside it) and stays: uninstalling to
  ; reinstall must never cost a shop its members.
  !include "${STAGE_LIST}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DetailPrint "店铺数据没有删除，仍在 $APPDATA\com.shequn.app；重新安装后会自动接上。"
SectionEnd
