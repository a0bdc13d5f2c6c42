using Akka.Actor;
using Akka.Event;
using Encryptio.Directory.Actors.Tests.Remoting.Support;
using Encryptio.Messages.Directory;
using Xunit.Abstractions;

namespace Encryptio.Directory.Actors.Tests.Remoting;

/// <summary>hocon/remoting.conf caps an Akka.Remote frame at 64,000 bytes: bigger is refused with a log line, not a crash.</summary>
public sealed class FrameSizeSpecs(ITestOutputHelper output) : RemotingSpec(output)
{
    [Fact]
    public async Task A_message_over_the_remoting_frame_limit_is_refused_with_a_log_line_and_the_association_goes_on()
    {
        var received = CreateTestProbe();
        Sys.ActorOf(Props.Create(() => new Forwarder(received.Ref)), "directory");
        var peer = StartPeer("alice");
        var directory = await IdentifyAsync(peer, DirectoryAddress, "/user/directory");
        var errors = new Akka.TestKit.TestProbe(peer, new Akka.TestKit.Xunit2.XunitAssertions());
        peer.EventStream.Subscribe(errors.Ref, typeof(Error));

        directory.Tell(new RegistrationRejected(new string('x', 100_000)));

        // Akka logs it as a transient association error whose cause is its (internal) OversizedPayloadException.
        var logged = await errors.FishForMessageAsync<Error>(e => e.Cause?.GetType().Name == "OversizedPayloadException", TimeSpan.FromSeconds(10));
        logged.Cause.Message.Should().Contain("max allowed size 64000 bytes");
        directory.Tell(new RegistrationRejected("small enough"));
        (await received.ExpectMsgAsync<RegistrationRejected>(TimeSpan.FromSeconds(10))).Reason.Should().Be("small enough",
            "the oversized message was dropped, not delivered, and the association survived");
    }

    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef target) => ReceiveAny(m => target.Forward(m));
    }
}
