using Akka.Actor;
using Encryptio.Directory.Tests.Support;
using Encryptio.Messages.Directory;
using Encryptio.Runtime.Dispatch;
using Encryptio.Runtime.Pki;
using Xunit.Abstractions;

namespace Encryptio.Directory.Tests;

/// <summary>
/// One PeerLink per registered user (issue 12: 100,000 users on one node at <= 4 KiB each): what each
/// link holds is chosen, and the choices are visible from outside.
/// </summary>
public sealed class LinkFootprintSpecs(ITestOutputHelper output) : DirectorySpec(output)
{
    [Fact]
    public async Task A_registered_link_runs_on_the_compact_mailbox_the_directory_config_names()
    {
        var probe = CreateTestProbe();
        var register = RegisterAs("alice");
        probe.Send(Gate, register);
        var challenge = await probe.ExpectMsgAsync<AuthChallenge>();
        var link = probe.LastSender;
        probe.Send(link, ProofFor(challenge, register, Pkis.Encryptio.UserCertificate("alice")));
        await probe.ExpectMsgAsync<Registered>();

        var cell = (ActorCell)((ActorRefWithCell)link).Underlying;
        cell.Mailbox.MessageQueue.Should().BeOfType<CompactMessageQueue>();
    }
}
