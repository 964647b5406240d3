/*
 * bcryptprimitives.dll for Wine 8, used only by .ci/windows to run Lernstadt under Wine.
 *
 * Rust's standard library gets its random numbers on Windows from ProcessPrng in
 * bcryptprimitives.dll, which every Windows since 10 has and Wine 8 (Debian 12's) lacks:
 * without it lernstadt.exe does not start under Wine. This fills Wine's gap, not the
 * program's — the installer never ships it. ProcessPrng hands the request on to
 * RtlGenRandom (advapi32's SystemFunction036), which Wine has.
 *
 * x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll bcryptprimitives.c
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
