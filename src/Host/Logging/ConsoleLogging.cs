using Akka.Actor;
using Akka.Configuration;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Encryptio.Host.Logging;

/// <summary>
/// Serilog to standard error (so standard output stays the conversation or the JSON stream);
/// Akka's log events reach it through Akka.Logger.Serilog, configured in hocon/remoting.conf.
/// One line per event, the source once: <c>[time LVL] node /user/peer/listener: message</c>.
/// </summary>
public static class ConsoleLogging
{
    public const string Template = "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Node} {Source}: {Message:lj}{NewLine}{Exception}";

    /// <summary>The values of <c>--log-level</c>, quietest last.</summary>
    public static readonly IReadOnlyList<string> LevelNames = ["debug", "info", "warning", "error"];

    public static void Configure(string node, LogEventLevel level = LogEventLevel.Information)
    {
        Log.Logger = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .Enrich.WithProperty("Node", node)
            .Enrich.With<ShortSource>()
            .Filter.ByExcluding(IsTransportShutdownRace)
            .WriteTo.Console(outputTemplate: Template, standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
    }

    /// <summary>
    /// Akka.Remote's DotNetty transport, while the node stops, sometimes finds a channel already gone
    /// from its connection group and warns "Unable to REMOVE channel ... May not shut down cleanly";
    /// the channel is closed either way. A clean /quit must not end with a warning the user can do
    /// nothing about, so that one line is left out.
    /// </summary>
    internal static bool IsTransportShutdownRace(LogEvent e) =>
        e.Level == LogEventLevel.Warning
        && e.MessageTemplate.Text.StartsWith("Unable to REMOVE channel", StringComparison.Ordinal);

    /// <summary>
    /// The Akka setting for a <c>--log-level</c> value (the command line has already refused others).
    /// </summary>
    public static string AkkaLevel(string name) => name.ToLowerInvariant() switch
    {
        "debug" => "DEBUG",
        "info" => "INFO",
        "warning" => "WARNING",
        "error" => "ERROR",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a log level"),
    };

    /// <summary>
    /// Serilog's minimum level from <c>akka.loglevel</c>, so one setting (HOCON or <c>--log-level</c>)
    /// governs both Akka's events and the host's own lines. A value Akka would not know is refused in
    /// one line before the node starts.
    /// </summary>
    public static LogEventLevel LevelFrom(Config config)
    {
        var text = config.GetString("akka.loglevel", "INFO");
        return text.ToUpperInvariant() switch
        {
            "DEBUG" => LogEventLevel.Debug,
            "INFO" => LogEventLevel.Information,
            "WARNING" => LogEventLevel.Warning,
            "ERROR" => LogEventLevel.Error,
            "OFF" => LogEventLevel.Fatal,
            _ => throw new ConfigurationException($"akka.loglevel = '{text}' is not a log level (DEBUG, INFO, WARNING, ERROR or OFF)"),
        };
    }

    /// <summary>
    /// Akka's log source as a person reads it: the actor's path inside its node
    /// (<c>/user/peer/listener</c>; the node is already on the line), or the component's name
    /// (<c>remoting</c> for <c>remoting (akka://encryptio-alice)</c>).
    /// </summary>
    public static string Shorten(string? logSource)
    {
        if (string.IsNullOrWhiteSpace(logSource)) return "encryptio";
        if (ActorPath.TryParse(logSource, out var path)) return path.ToStringWithoutAddress();
        var paren = logSource.IndexOf(" (", StringComparison.Ordinal);
        return paren > 0 && logSource.EndsWith(')') ? logSource[..paren] : logSource;
    }

    private sealed class ShortSource : ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory factory)
        {
            var raw = logEvent.Properties.TryGetValue("LogSource", out var value)
                ? value is ScalarValue scalar ? scalar.Value?.ToString() : value.ToString()
                : null;
            logEvent.AddOrUpdateProperty(factory.CreateProperty("Source", Shorten(raw)));
        }
    }
}
