using Encryptio.Peer.Console;

namespace Encryptio.Fuzz.Tests;

/// <summary>
/// Every input a fuzzer ever crashed a target with, as found (hex of the whole fuzz input: for the
/// command target byte 0 = 00 selects the JSON console). docs/security.md lists the bug and the fix.
/// </summary>
public sealed class RegressionSpecs
{
    // Bug 1, JsonCommandParser: a \u escape of a lone UTF-16 surrogate in a value or a property name
    // parsed fine, then GetString / TryGetProperty threw InvalidOperationException out of Parse
    // (and out of the console actor's line handler). afl-* from AFL++ (run-afl.sh command 300),
    // mutation-589 from the bounded run below.
    [Theory]
    [InlineData("afl-000000", "007b22635c75643830306d64223a226c65617665222c22636f6e76654b736174696f6e223a223066316532643363346235613639373838373936613562346333643265316630227d")]
    [InlineData("afl-000001", "007b22636d64223a226c65617665766572663165326433633462355c756463303061363937383837392a6f356234633344326564333063346235613639373838373936316630227d")]
    [InlineData("afl-000002", "007b22636d64223a226c65617665222c22636f6e766572736174696f6e223a22306631653264336334623561363937383837393661356234635c756438303033643265316649227d")]
    [InlineData("afl-000003", "007b22636d64223a226c65617665222c22636f6e766572736174696f5c75643830306e223a223936613562346333643265316630227d")]
    [InlineData("afl-000004", "007b22636d64223a227472757374222c2275695c756438303080223a22626f62227d")]
    [InlineData("afl-000005", "007b22636d64223a2273656e64222c22636f6e766572736174696f6e223a223066316532643363346235613639373838373936613562346333643265316630222c2274657874223a22685c7530323134373438333634383833645c7564633464227d")]
    [InlineData("afl-000006", "007b22636d64223a226465636c696e65222c22636f6e766572736174696f6e223a2230663165326433633462356136393738383739367c35605c7564383030b46630227d")]
    [InlineData("mutation-589", "007B22636D64223A2273656E64222C22636F6E766572736174696F6E223A223066316532643363346235613639373838373936613562346333643265316630222C2274657874223A22643833645C7564633464227D")]
    public void Command_lone_surrogate_escapes(string found, string hex)
    {
        var act = () => FuzzTargets.Run("command", Convert.FromHexString(hex));
        act.Should().NotThrow(found);
    }

    [Theory]
    [InlineData("""{"cmd":"\ud800"}""")]
    [InlineData("""{"c\udfffmd":"who"}""")]
    [InlineData("""{"cmd":"send","conversation":"0f1e2d3c4b5a69788796a5b4c3d2e1f0","text":"\udc00"}""")]
    [InlineData("""{"cmd":"connect","to":["bob","\ud800x"]}""")]
    public void A_lone_surrogate_escape_is_a_console_error(string line)
    {
        JsonCommandParser.Parse(line).Should().BeOfType<ConsoleInput.Error>()
            .Which.Message.Should().Contain("surrogate");
    }

    [Fact]
    public void A_valid_surrogate_pair_escape_still_reads()
    {
        JsonCommandParser.Parse("""{"cmd":"send","conversation":"0f1e2d3c4b5a69788796a5b4c3d2e1f0","text":"\ud83d\udc4d"}""")
            .Should().BeOfType<ConsoleInput.Command>();
    }

    [Fact]
    public void A_raw_lone_surrogate_char_is_not_a_crash()
    {
        // Stdin decodes UTF-8 with replacement and never makes one, but Parse takes any string.
        var act = () => JsonCommandParser.Parse("{\"cmd\":\"who\uD800\"}");
        act.Should().NotThrow();
    }
}
