using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Serialization;

namespace Encryptio.Messages.Tests.Serialization;

/// <summary>
/// CommandRefused on the wire: written only as wire 1.2 ("refusal": command name, code, reason);
/// the wire 1.0 form ("refused": C# type name, reason) from an older directory is still read.
/// </summary>
public sealed class RefusalWireSpecs : TestKit
{
    private readonly DirectorySerializer _serializer;

    public RefusalWireSpecs() => _serializer = new DirectorySerializer((ExtendedActorSystem)Sys);

    [Fact]
    public void A_refusal_is_written_in_the_wire_1_2_form_with_the_public_command_name_and_code()
    {
        var refused = new CommandRefused(DirectoryCommand.Accept, RefusalCode.ProposalExpired, "no pending proposal");

        _serializer.Manifest(refused).Should().Be("refusal");
        _serializer.ToBinary(refused).Should().Equal([.. Field("accept"), .. Field("proposal-expired"), .. Field("no pending proposal")]);
    }

    [Theory]
    [InlineData("Propose", "connect")]
    [InlineData("AcceptProposal", "accept")]
    [InlineData("DeclineProposal", "decline")]
    [InlineData("Who", "who")]
    [InlineData("Unregister", "quit")]
    [InlineData("Register", "register")]
    [InlineData("OnlineUsers", "unknown")]
    public void A_wire_1_0_refusal_is_still_read_by_the_command_it_named(string typeName, string command)
    {
        var read = (CommandRefused)_serializer.FromBinary([.. Field(typeName), .. Field("some reason")], "refused");

        read.Command.Name.Should().Be(command);
        read.Code.Should().Be(RefusalCode.Unspecified);
        read.Reason.Should().Be("some reason");
    }

    [Fact]
    public void A_code_a_newer_directory_adds_still_reaches_the_user()
    {
        var read = (CommandRefused)_serializer.FromBinary([.. Field("connect"), .. Field("relay-busy"), .. Field("later")], "refusal");

        read.Code.Name.Should().Be("relay-busy");
    }

    [Theory]
    [InlineData("Propose")]
    [InlineData("")]
    [InlineData("connect now")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    public void A_command_name_or_code_that_is_not_a_short_lower_case_name_is_rejected(string name)
    {
        var badCommand = () => _serializer.FromBinary([.. Field(name), .. Field("not-online"), .. Field("x")], "refusal");
        var badCode = () => _serializer.FromBinary([.. Field("connect"), .. Field(name), .. Field("x")], "refusal");

        badCommand.Should().Throw<SerializationException>();
        badCode.Should().Throw<SerializationException>();
    }

    private static byte[] Field(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        return [(byte)(utf8.Length >> 24), (byte)(utf8.Length >> 16), (byte)(utf8.Length >> 8), (byte)utf8.Length, .. utf8];
    }
}
