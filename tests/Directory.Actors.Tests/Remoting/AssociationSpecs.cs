using Encryptio.Directory.Tests.Support;
using Akka.Actor;
using Akka.Event;
using Encryptio.Directory.Actors.Tests.Remoting.Support;
using Xunit.Abstractions;

namespace Encryptio.Directory.Actors.Tests.Remoting;

public sealed class AssociationSpecs(ITestOutputHelper output) : RemotingSpec(output)
{
    [Fact]
    public async Task Two_nodes_with_certificates_from_the_Encryptio_CA_associate_over_mutual_TLS()
    {
        Sys.ActorOf(Props.Create(() => new EchoActor()), "directory");
        var alice = StartPeer("alice");

        var directory = await IdentifyAsync(alice, DirectoryAddress, "/user/directory");

        DirectoryAddress.Protocol.Should().Be("akka.ssl.tcp");
        directory.Path.Address.Should().Be(DirectoryAddress);
    }

    [Fact]
    public async Task A_node_with_a_certificate_from_a_foreign_CA_cannot_associate_and_the_directory_logs_why()
    {
        Sys.ActorOf(Props.Create(() => new EchoActor()), "directory");
        var warnings = CreateTestProbe();
        Sys.EventStream.Subscribe(warnings.Ref, typeof(Warning));
        // Mallory knows the Encryptio CA (it is public) but holds a certificate from another one.
        var mallory = StartPeer("mallory", Pkis.Foreign.IssueUser("mallory"), Pkis.Encryptio.Trust);
        var replies = CreateTestProbe(mallory);

        mallory.ActorSelection($"{DirectoryAddress}/user/directory").Tell(new Identify("mallory"), replies.Ref);

        var refusal = await warnings.FishForMessageAsync<Warning>(
            w => w.Message.ToString()!.Contains("TLS refused"), TimeSpan.FromSeconds(10));
        refusal.Message.ToString().Should().Contain("does not chain to the Encryptio CA").And.Contain("CN=mallory");
        // Akka 1.5.73 answers a selection it could not deliver with an empty ActorIdentity, sent by
        // mallory's own endpoint writer; what must never come is one with the directory in it.
        var answers = await replies.ReceiveWhileAsync(TimeSpan.FromSeconds(3), m => m as ActorIdentity).ToListAsync();
        answers.Should().NotContain(a => a!.Subject != null, "no answer may name the directory (an empty one, or none, is fine)");
    }

    private sealed class EchoActor : ReceiveActor
    {
        public EchoActor() => ReceiveAny(m => Sender.Tell(m));
    }
}
