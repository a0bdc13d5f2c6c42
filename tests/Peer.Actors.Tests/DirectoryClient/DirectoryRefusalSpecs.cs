using Akka.Actor;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Messages.Serialization;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Peer.Node;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.DirectoryClient;

/// <summary>
/// A refusal from the directory reaches the user as an `error` naming the command as the user typed it
/// and, since wire 1.2, a reason code; a refusal in the wire 1.0 form (a C# type name, no code) from an
/// older directory is still shown the same way, with the code "unspecified".
/// </summary>
public sealed class DirectoryRefusalSpecs(ITestOutputHelper output) : PeerNodeTestKit(output)
{
    [Fact]
    public void A_refused_connect_is_shown_with_its_command_name_and_reason_code()
    {
        var alice = StartMember("alice");
        alice.Node.Tell(new ConnectTo([Uid.Parse("bob")]));
        alice.Directory.ExpectMsg<Propose>(Patience);

        alice.Directory.Reply(new CommandRefused(DirectoryCommand.Connect, RefusalCode.NotOnline, "not online: bob"));

        var failed = alice.Events.FishForMessage<CommandFailed>(_ => true, Patience);
        failed.Command.Should().Be("connect");
        failed.Code.Should().Be("not-online");
        failed.Message.Should().Be("not online: bob");
    }

    [Fact]
    public void A_wire_1_0_refusal_from_an_older_directory_is_still_understood()
    {
        var alice = StartMember("alice");
        var serializer = new DirectorySerializer((ExtendedActorSystem)Sys);
        // Exactly what a 1.0 directory wrote: manifest "refused", s("Propose") | s(reason).
        byte[] legacy = [.. Field("Propose"), .. Field("not online: bob")];

        alice.Directory.Send(alice.Node, serializer.FromBinary(legacy, "refused"));

        var failed = alice.Events.FishForMessage<CommandFailed>(_ => true, Patience);
        failed.Command.Should().Be("connect", "the type name is mapped to the public command name, as before");
        failed.Code.Should().Be("unspecified");
        failed.Message.Should().Be("not online: bob");
    }

    private static byte[] Field(string text)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        return [(byte)(utf8.Length >> 24), (byte)(utf8.Length >> 16), (byte)(utf8.Length >> 8), (byte)utf8.Length, .. utf8];
    }
}
