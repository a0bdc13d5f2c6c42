using System.Runtime.InteropServices;

namespace Encryptio.Bench;

/// <summary>
/// CPU time of the calling thread, µs (clock_gettime(CLOCK_THREAD_CPUTIME_ID) on Linux; elsewhere the
/// process's CPU time, which is the same while the rest of the process is idle). A wall clock would
/// charge the floor with the time other programs on this shared machine take the core away, while the
/// session's figure it is compared with counts CPU only.
/// </summary>
internal static class ThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

#pragma warning disable SYSLIB1054 // DllImport: LibraryImport needs unsafe code for the whole assembly.
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
#pragma warning restore SYSLIB1054

    public static double Micros()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTimeId, out var t) == 0)
            return t.Seconds * 1_000_000.0 + t.Nanoseconds / 1000.0;
        return System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalMicroseconds;
    }
}
