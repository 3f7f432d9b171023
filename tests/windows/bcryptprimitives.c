/* Wine 8 (Debian 12) lacks bcryptprimitives.dll, which Rust's standard library for
 * Windows imports for ProcessPrng. This stand-in, used only by the Wine print test,
 * answers it with RtlGenRandom, which Wine has. Windows itself has the real DLL. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    return SystemFunction036(data, (ULONG)length);
}
