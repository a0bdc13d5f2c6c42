using Serilog;
using Serilog.Events;

namespace Encryptio.Host.Logging;

/// <summary>
/// Serilog to standard error (so standard output stays the conversation or the JSON stream);
/// Akka's log events reach it through Akka.Logger.Serilog, configured in hocon/remoting.conf.
/// </summary>
public static class ConsoleLogging
{
    public const string Template = "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Node} {Message:lj} <{LogSource}>{NewLine}{Exception}";

    public static void Configure(string node, LogEventLevel level = LogEventLevel.Information)
    {
        Log.Logger = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .Enrich.WithProperty("Node", node)
            .WriteTo.Console(outputTemplate: Template, standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
    }
}
