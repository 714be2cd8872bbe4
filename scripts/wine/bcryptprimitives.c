/* A stand-in for Windows' bcryptprimitives.dll, for the Wine tests only (it is never
 * shipped). Rust's standard library takes its random numbers from ProcessPrng in
 * bcryptprimitives.dll, which every Windows from 8 on has but Debian 12's Wine 8.0 lacks.
 * This gives the same function from RtlGenRandom (advapi32's SystemFunction036), which
 * Wine has. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x7fffffffu ? 0x7fffffffu : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
