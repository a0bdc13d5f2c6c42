using Akka.Event;

namespace Encryptio.Runtime.Transport;

/// <summary>
/// Akka's minimal logger for start-up and shutdown, writing to standard error: standard output
/// belongs to the conversation (or the `--json` stream) and must never carry a log line.
/// </summary>
public sealed class StandardErrorLogger : MinimalLogger
{
    protected override void Log(object message)
    {
        if (message is LogEvent e)
        {
            if (e.LogLevel() < LogLevel.WarningLevel) return;
            Console.Error.WriteLine($"[{e.LogLevel()}] {e.LogSource}: {e.Message}");
            return;
        }
        Console.Error.WriteLine(message.ToString());
    }
}
