/*
 * hold_open.exe FILE SECONDS: holds FILE open for writing without sharing it, as Excel does
 * with a workbook it shows, until SECONDS have passed. Used only by .ci/windows, under Wine
 * (which keeps Windows' sharing rules), to check that an export to such a file fails without
 * writing half of it.
 *
 * x86_64-w64-mingw32-gcc -municode -O2 -o hold_open.exe hold_open.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: hold_open FILE SECONDS\n");
        return 2;
    }
    HANDLE file = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                              FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "hold_open: cannot open the file (error %lu)\n", GetLastError());
        return 1;
    }
    printf("holding\n");
    fflush(stdout);
    Sleep((DWORD)_wtoi(argv[2]) * 1000);
    CloseHandle(file);
    return 0;
}
