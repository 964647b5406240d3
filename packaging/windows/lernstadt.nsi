; Lernstadt's Windows installer (NSIS 3), a 64-bit one:
;   makensis -DVERSION=0.1.0 [-DEXE=C:\full\path\lernstadt.exe] packaging/windows/lernstadt.nsi
; writes target\lernstadt-VERSION-windows-x64-setup.exe. EXE defaults to the native release
; build (target\release\lernstadt.exe); give a full path, as makensis works from this folder.
; Built by .github/workflows/release.yml (makensis on Windows) and by .ci/windows (Debian's
; makensis, for a cross-built .exe), which installs it under Wine and tests what it did.
;
; Per machine into Program Files by default (AppLocker's default rules let it run there), per
; user into %LOCALAPPDATA%\Programs when the user is no administrator (MultiUser); /AllUsers
; or /CurrentUser choose, /S installs silently, /D=C:\Path sets the folder (last, unquoted).
; It adds a Start menu entry, the .lernstadt file type with its icon and "Open with", and an
; entry in Apps & features. An upgrade installs over the earlier version in its folder; the
; user's settings, logs and projects (%APPDATA%\Lernstadt, wherever the projects are) are
; never touched, by the installer or the uninstaller.

Unicode true
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!define ROOT "..\.."
!ifndef EXE
  !define EXE "${ROOT}\target\release\lernstadt.exe"
!endif
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Lernstadt"
!define PROGID "Lernstadt.Project"

Name "Lernstadt"
OutFile "${ROOT}\target\lernstadt-${VERSION}-windows-x64-setup.exe"
BrandingText "Lernstadt ${VERSION}"

; Per machine when the user may, else per user; an upgrade stays where the last install went.
!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR "Lernstadt"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallLocation"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallLocation"
!define MULTIUSER_INIT_TEXT_ALLUSERSNOTPOSSIBLE "$(AllUsersNotPossible)"
!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh

!define MUI_ICON "lernstadt.ico"
!define MUI_UNICON "lernstadt.ico"

!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The installer speaks the system's language: German, else English.
!insertmacro MUI_LANGUAGE "German"
!insertmacro MUI_LANGUAGE "English"

LangString FileType ${LANG_GERMAN} "Lernstadt-Projekt"
LangString FileType ${LANG_ENGLISH} "Lernstadt project"
LangString Comment ${LANG_GERMAN} "Bildungsplanung, Monitoring und Berichte für die Kommune"
LangString Comment ${LANG_ENGLISH} "Planning, monitoring and reporting for local education management"
LangString AllUsersNotPossible ${LANG_GERMAN} "Für alle Benutzer dieses Computers kann nur ein Administrator installieren. Ohne /AllUsers wird Lernstadt für Sie allein installiert."
LangString AllUsersNotPossible ${LANG_ENGLISH} "Only an administrator can install for all users of this computer. Without /AllUsers, Lernstadt is installed for you alone."

Function .onInit
  ; /D= sets $INSTDIR before this function; MultiUser would replace it with its default.
  StrCpy $R9 $INSTDIR
  !insertmacro MULTIUSER_INIT
  ${If} $R9 != ""
    StrCpy $INSTDIR $R9
  ${EndIf}
FunctionEnd

Function un.onInit
  ; The uninstaller removes the copy it belongs to (per user or per machine), whichever mode
  ; the user's rights would choose: the copy whose InstallLocation is this folder.
  StrCpy $R9 $INSTDIR
  !insertmacro MULTIUSER_UNINIT
  ReadRegStr $R8 HKCU "${UNINSTALL_KEY}" "InstallLocation"
  ReadRegStr $R7 HKLM "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $R8 == $R9
  ${AndIf} $R7 != $R9
    Call un.MultiUser.InstallMode.CurrentUser
  ${ElseIf} $R7 == $R9
    Call un.MultiUser.InstallMode.AllUsers
  ${EndIf}
  StrCpy $INSTDIR $R9
FunctionEnd

Section "Lernstadt"
  SetOutPath "$INSTDIR"
  ; Over an earlier version: the same files replaced, nothing of the user's touched.
  File "/oname=lernstadt.exe" "${EXE}"
  File "lernstadt.ico"
  File "${ROOT}\README.md"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\Lernstadt.lnk" "$INSTDIR\lernstadt.exe" "" "$INSTDIR\lernstadt.exe" 0 "" "" "$(Comment)"

  ; The file type (HKLM for all users, HKCU for one: SHCTX follows the install mode): a
  ; double-clicked project opens in Lernstadt, with its icon; "Open with" lists Lernstadt.
  WriteRegStr SHCTX "Software\Classes\.lernstadt" "" "${PROGID}"
  WriteRegStr SHCTX "Software\Classes\.lernstadt" "Content Type" "application/x-lernstadt"
  WriteRegStr SHCTX "Software\Classes\.lernstadt\OpenWithProgids" "${PROGID}" ""
  WriteRegStr SHCTX "Software\Classes\${PROGID}" "" "$(FileType)"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\lernstadt.ico"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\lernstadt.exe" "%1"'
  WriteRegStr SHCTX "Software\Classes\Applications\lernstadt.exe" "FriendlyAppName" "Lernstadt"
  WriteRegStr SHCTX "Software\Classes\Applications\lernstadt.exe\SupportedTypes" ".lernstadt" ""
  WriteRegStr SHCTX "Software\Classes\Applications\lernstadt.exe\DefaultIcon" "" "$INSTDIR\lernstadt.ico"
  WriteRegStr SHCTX "Software\Classes\Applications\lernstadt.exe\shell\open\command" "" '"$INSTDIR\lernstadt.exe" "%1"'

  ; Apps & features; InstallLocation is also where an upgrade finds the folder.
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "Lernstadt"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\lernstadt.exe,0"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "Lernstadt"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
  ; SHCNE_ASSOCCHANGED: Explorer shows the new icon without a restart.
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\Lernstadt.lnk"
  Delete "$INSTDIR\lernstadt.exe"
  Delete "$INSTDIR\lernstadt.ico"
  Delete "$INSTDIR\README.md"
  Delete "$INSTDIR\uninstall.exe"
  ; Only when empty: a folder the user chose may hold other files.
  RMDir "$INSTDIR"
  ; The file type only if it is still Lernstadt's.
  ReadRegStr $0 SHCTX "Software\Classes\.lernstadt" ""
  ${If} $0 == "${PROGID}"
    DeleteRegKey SHCTX "Software\Classes\.lernstadt"
  ${Else}
    DeleteRegValue SHCTX "Software\Classes\.lernstadt\OpenWithProgids" "${PROGID}"
  ${EndIf}
  DeleteRegKey SHCTX "Software\Classes\${PROGID}"
  DeleteRegKey SHCTX "Software\Classes\Applications\lernstadt.exe"
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
