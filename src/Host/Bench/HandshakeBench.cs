using System.Diagnostics;
using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Crypto;

namespace Encryptio.Host.Bench;

/// <summary>
/// Handshake latency: bob's listening session is already running; the clock starts when alice's node is
/// told to start her dialing session with one chat queued, and stops when bob's session has opened that
/// chat (ChatArrived). In between: session start, TCP connect, Hello, HelloReply, Ready and the chat.
/// </summary>
public static class HandshakeBench
{
    public static HandshakeFigures Measure(SessionRig rig, int handshakes, IRatchetKeySource keys)
    {
        var system = rig.System;
        var stamps = Inbox.Create(system);
        var stamper = system.ActorOf(Stamper.Props(stamps.Receiver));
        var sink = system.ActorOf(NullSink.Props());
        var samples = new List<double>();
        for (var i = -2; i < handshakes; i++) // two warm-ups
        {
            rig.StopSessions();
            rig.Retarget(rig.AliceEvents.Receiver, rig.BobEvents.Receiver);
            var conversation = ConversationId.New();
            rig.Start(rig.Bob, rig.BobEvents, rig.Spec(conversation, dialer: false, keys));
            var dialerSpec = rig.Spec(conversation, dialer: true, keys);
            var first = SessionRig.Chats(1, 256, i)[0];
            rig.Retarget(sink, stamper);
            Thread.Sleep(20); // let the pool refill and the retarget land, as between two real handshakes
            var start = Stopwatch.GetTimestamp();
            rig.Alice.Tell(new BenchNode.StartSession(dialerSpec, first));
            var opened = stamps.Expect<Stamper.Stamped>();
            if (i >= 0) samples.Add(Sampler.Micros(start, opened.Timestamp) / 1000);
        }
        rig.StopSessions();
        system.Stop(stamper);
        system.Stop(sink);
        var cryptoOnly = HandshakeCryptoOnly.MillisPerHandshake(3, Math.Max(5, handshakes / 3), keys, keys as PooledRatchetKeySource);
        return new HandshakeFigures(Figure.Of(samples), Figure.Percentile(samples, 50), Figure.Percentile(samples, 99), samples.Count, cryptoOnly);
    }
}
