using Encryptio.Directory.Tests.Support;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Remote;
using Encryptio.Directory.Actors.Tests.Remoting.Support;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Xunit.Abstractions;

namespace Encryptio.Directory.Actors.Tests.Remoting;

/// <summary>
/// Finding 8 over real remoting: the sender path inside a message is whatever the remote wrote. A
/// Register claiming a sender at an address nobody is associated from takes no place and is not
/// answered (an answer would make the directory dial the made-up address); the real peer's is.
/// </summary>
public sealed class SpoofedSenderSpecs(ITestOutputHelper output) : LiveDirectorySpec(output)
{
    [Fact]
    public async Task A_register_with_a_made_up_sender_address_is_dropped_unanswered_and_the_directory_dials_nobody()
    {
        var dialled = CreateTestProbe();
        Sys.EventStream.Subscribe(dialled.Ref, typeof(AssociationErrorEvent));
        var mallory = StartPeer("mallory");
        var gate = await IdentifyAsync(mallory, DirectoryAddress, "/user/directory");
        var bob = Pkis.Encryptio.IssueUser("bob");
        var register = new Register(Uid.Parse("bob"), ImmutableArray.Create(bob.RawData), new PeerEndpoint("127.0.0.1", 9), Register.CurrentVersion);
        var ghost = RemoteNodes.Forge(mallory, new Address("akka.ssl.tcp", "ghost", "127.0.0.1", 1), "/user/peer");

        await EventFilter.Warning(contains: "dropped unanswered: no peer system is associated from that address").ExpectOneAsync(async () =>
        {
            gate.Tell(register, ghost);
            // Same association, same order: once mallory's own Register is answered, the ghost's was handled.
            var probe = CreateTestProbe(mallory);
            probe.Send(gate, register);
            await probe.ExpectMsgAsync<AuthChallenge>(TimeSpan.FromSeconds(10));
        });
        await dialled.ExpectNoMsgAsync(TimeSpan.FromSeconds(1));
    }
}
