; Lernstadt's Windows installer (NSIS), built by .github/workflows/release.yml:
;   makensis /DVERSION=0.1.0 packaging/windows/lernstadt.nsi
; A per-machine install into Program Files (so AppLocker's default rules let it run), a
; Start menu entry, the .lernstadt file type with its icon, and an uninstaller.

Unicode true
!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!define ROOT "..\.."

Name "Lernstadt ${VERSION}"
OutFile "${ROOT}\target\lernstadt-${VERSION}-windows-x64-setup.exe"
InstallDir "$PROGRAMFILES64\Lernstadt"
RequestExecutionLevel admin
Icon "lernstadt.ico"
UninstallIcon "lernstadt.ico"

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Section "Lernstadt"
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  File "${ROOT}\target\release\lernstadt.exe"
  File "lernstadt.ico"
  File "${ROOT}\README.md"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\Lernstadt.lnk" "$INSTDIR\lernstadt.exe" "" "$INSTDIR\lernstadt.ico"

  ; The file type: a double-clicked project opens in Lernstadt.
  WriteRegStr HKLM "Software\Classes\.lernstadt" "" "Lernstadt.Project"
  WriteRegStr HKLM "Software\Classes\.lernstadt" "Content Type" "application/x-lernstadt"
  WriteRegStr HKLM "Software\Classes\Lernstadt.Project" "" "Lernstadt project"
  WriteRegStr HKLM "Software\Classes\Lernstadt.Project\DefaultIcon" "" "$INSTDIR\lernstadt.ico"
  WriteRegStr HKLM "Software\Classes\Lernstadt.Project\shell\open\command" "" '"$INSTDIR\lernstadt.exe" "%1"'

  ; Apps & features.
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\Lernstadt" "DisplayName" "Lernstadt"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\Lernstadt" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\Lernstadt" "DisplayIcon" "$INSTDIR\lernstadt.ico"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\Lernstadt" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\Lernstadt" "NoModify" 1
  WriteRegDWORD HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\Lernstadt" "NoRepair" 1
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  Delete "$SMPROGRAMS\Lernstadt.lnk"
  Delete "$INSTDIR\lernstadt.exe"
  Delete "$INSTDIR\lernstadt.ico"
  Delete "$INSTDIR\README.md"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "Software\Classes\Lernstadt.Project"
  DeleteRegKey HKLM "Software\Classes\.lernstadt"
  DeleteRegKey HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\Lernstadt"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
