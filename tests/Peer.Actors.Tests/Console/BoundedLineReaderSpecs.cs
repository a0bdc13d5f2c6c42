using Encryptio.Peer.Console;

namespace Encryptio.Peer.Actors.Tests.Console;

public sealed class BoundedLineReaderSpecs
{
    [Fact]
    public void An_over_long_line_is_skipped_and_reported_and_the_next_line_still_reads()
    {
        var reader = new BoundedLineReader(new StringReader(new string('x', 100) + "\nshort\r\nlast"), maxLength: 10);

        reader.TryReadLine(out var first, out var firstTooLong).Should().BeTrue();
        firstTooLong.Should().BeTrue();
        first.Should().BeNull();

        reader.TryReadLine(out var second, out var secondTooLong).Should().BeTrue();
        (second, secondTooLong).Should().Be(("short", false));

        reader.TryReadLine(out var third, out _).Should().BeTrue();
        third.Should().Be("last");

        reader.TryReadLine(out _, out _).Should().BeFalse("the input has ended");
    }
}
