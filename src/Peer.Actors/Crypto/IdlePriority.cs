using System.Runtime.InteropServices;

namespace Encryptio.Peer.Crypto;

/// <summary>
/// Puts the calling thread at the lowest scheduling priority, for background work that must never
/// delay a handshake (key pre-generation). .NET ignores <see cref="Thread.Priority"/> on Linux, so there
/// the thread's nice value is raised to 19 directly; raising one's own nice value needs no privilege.
/// Best effort: where it is not possible, the thread simply runs at normal priority.
/// </summary>
internal static class IdlePriority
{
    private const int PrioProcess = 0;
    private const int LowestNice = 19;

    public static void LowerCurrentThread()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            // With PRIO_PROCESS a thread id names one thread on Linux (threads are tasks).
            _ = setpriority(PrioProcess, gettid(), LowestNice);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, int who, int prio);

    [DllImport("libc")]
    private static extern int gettid();
}
