using Encryptio.Host.Logging;
using Serilog.Events;
using Serilog.Parsing;

namespace Encryptio.Host.Tests.Logging;

public sealed class ConsoleLoggingSpecs
{
    private static LogEvent Event(LogEventLevel level, string text) =>
        new(DateTimeOffset.UnixEpoch, level, null, new MessageTemplateParser().Parse(text), []);

    [Fact]
    public void The_transports_channel_group_race_at_shutdown_is_left_out_and_nothing_else_is()
    {
        ConsoleLogging.IsTransportShutdownRace(Event(LogEventLevel.Warning,
            "Unable to REMOVE channel [{0}] from connection group. May not shut down cleanly.")).Should().BeTrue();
        ConsoleLogging.IsTransportShutdownRace(Event(LogEventLevel.Warning, "P2P link with {0} closed: {1}")).Should().BeFalse();
        ConsoleLogging.IsTransportShutdownRace(Event(LogEventLevel.Error, "Unable to REMOVE channel [{0}]")).Should().BeFalse();
    }
}
