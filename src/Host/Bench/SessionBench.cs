using System.Security.Cryptography;
using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Crypto;

namespace Encryptio.Host.Bench;

/// <summary>
/// One-way chat throughput: alice's session seals, frames and sends, bob's opens and acks (one Ack per
/// mailbox burst), alice's driver keeps a window of unacked chats. The baseline is the same ConnectionActor
/// pair over loopback carrying the same frames unsealed (<see cref="PlainSender"/>, <see cref="PlainReceiver"/>).
/// Encrypted and plain runs alternate, so each ratio compares runs made side by side.
/// </summary>
public static class SessionBench
{
    public static SessionFigures Measure(SessionRig rig, BenchOptions options, IRatchetKeySource keys, int textBytes, int messages)
    {
        var system = rig.System;
        var tag = $"{textBytes}-{Guid.NewGuid():N}";
        var driver = system.ActorOf(ChatDriver.Props(), $"driver-{tag}");
        var sink = system.ActorOf(NullSink.Props(), $"sink-{tag}");
        rig.StopSessions();
        var (alice, _) = rig.Connect(keys);
        rig.Retarget(driver, sink);

        var events = Inbox.Create(system);
        var receiver = system.ActorOf(PlainReceiver.Props(events.Receiver, sink), $"plain-receiver-{tag}");
        var endpoint = events.Expect<Messages.Link.ListenerBound>().Endpoint;
        var sender = system.ActorOf(PlainSender.Props(endpoint, HelloFrame()), $"plain-sender-{tag}");
        events.Expect<PlainReceiver.Attached>();

        var encrypted = new List<double>();
        var plain = new List<double>();
        var ratio = new List<double>();
        var seed = 0;
        for (var run = -1; run < options.Runs; run++) // run -1 is the warm-up
        {
            var e = Rate(driver, new ChatDriver.Run(alice, SessionRig.Chats(messages, textBytes, ++seed), BenchOptions.Window(textBytes)), messages);
            var p = Rate(sender, new ChatDriver.Run(ActorRefs.Nobody, SessionRig.Chats(messages, textBytes, ++seed), BenchOptions.Window(textBytes)), messages);
            if (run < 0) continue;
            encrypted.Add(e);
            plain.Add(p);
            ratio.Add(e / p);
        }
        foreach (var actor in new[] { driver, sink, receiver, sender }) system.Stop(actor);
        rig.StopSessions();
        return new SessionFigures(textBytes, messages, Figure.Of(encrypted), Figure.Of(plain), Figure.Of(ratio));
    }

    private static double Rate(IActorRef runner, ChatDriver.Run run, int messages)
    {
        var timeout = TimeSpan.FromSeconds(Math.Max(60, messages / 100.0));
        var finished = runner.Ask<ChatDriver.Finished>(run, timeout).GetAwaiter().GetResult();
        return messages / (finished.Micros / 1_000_000);
    }

    /// <summary>A well-formed, signed Hello: the listener hands on only links that start with one.</summary>
    private static byte[] HelloFrame()
    {
        using var identity = ECDsa.Create(P384.Curve);
        using var handshake = new DialerHandshake(new HandshakePeer(ConversationId.New().ToBytes(), "plain-a", "plain-b", identity),
            new EcdsaHandshakeSigner(identity), RandomRatchetKeySource.Instance);
        return handshake.HelloFrame;
    }
}
