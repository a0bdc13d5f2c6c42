using System.Diagnostics;
using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Crypto;

namespace Encryptio.Bench;

/// <summary>
/// Handshake latency: bob's listening session is already running; the clock starts when alice's node is
/// told to start her dialing session with one chat queued, and stops when bob's session has opened that
/// chat (ChatArrived). In between: session start, TCP connect, Hello, HelloReply, Ready and the chat.
/// Right before each handshake the P-384 operations it needs are run once each (<see cref="SerialOps"/>),
/// and the ratio is taken per handshake against that.
/// </summary>
public static class HandshakeBench
{
    public static HandshakeFigures Measure(SessionRig rig, int handshakes, IRatchetKeySource keys, bool freshKeys)
    {
        using var ops = new SerialOps();
        var serial = new List<double>();
        var ratios = new List<double>();
        var system = rig.System;
        var stamps = Inbox.Create(system);
        var stamper = system.ActorOf(Stamper.Props(stamps.Receiver));
        var sink = system.ActorOf(NullSink.Props());
        var samples = new List<double>();
        var recorder = new PhaseRecorder();
        rig.Bob.Tell(new BenchNode.Observe(recorder));
        var gaps = new List<double[]>();
        for (var i = -2; i < handshakes; i++) // two warm-ups
        {
            rig.StopSessions();
            rig.Retarget(rig.AliceEvents.Receiver, rig.BobEvents.Receiver);
            var conversation = ConversationId.New();
            rig.Start(rig.Bob, rig.BobEvents, rig.Spec(conversation, dialer: false, keys) with { Ciphers = new PhaseRecordingCiphers(recorder, dialer: false) });
            var dialerSpec = rig.Spec(conversation, dialer: true, keys) with { Ciphers = new PhaseRecordingCiphers(recorder, dialer: true) };
            var first = SessionRig.Chats(1, 256, i)[0];
            rig.Retarget(sink, stamper);
            Thread.Sleep(20); // let the pool refill and the retarget land, as between two real handshakes
            // Side by side: the operations once to wake the core up after the pause, then once timed,
            // then the handshake at once. (Timed after the handshake instead, they would share the
            // cores with its tail: the receipt's DH step and the pool's refill.)
            ops.Millis(freshKeys);
            var serialMs = ops.Millis(freshKeys);
            recorder.Reset();
            var start = Stopwatch.GetTimestamp();
            rig.Alice.Tell(new BenchNode.StartSession(dialerSpec, first));
            var opened = stamps.Expect<Stamper.Stamped>();
            if (i < 0) continue;
            var latency = Sampler.Micros(start, opened.Timestamp) / 1000;
            samples.Add(latency);
            serial.Add(serialMs);
            ratios.Add(latency / serialMs);
            if (recorder.Gaps(start) is { } gap) gaps.Add(gap);
        }
        rig.StopSessions();
        rig.Bob.Tell(new BenchNode.Observe(null));
        system.Stop(stamper);
        system.Stop(sink);
        var cryptoOnly = HandshakeCryptoOnly.MillisPerHandshake(3, Math.Max(5, handshakes / 3), keys, keys as PooledRatchetKeySource);
        var phases = gaps.Count == 0 ? [] : Enumerable.Range(0, gaps[0].Length).Select(p => Figure.Of(gaps.Select(g => g[p]).ToList()).Median).ToArray();
        return new HandshakeFigures(Figure.Of(samples), Figure.Percentile(samples, 50), Figure.Percentile(samples, 99), samples.Count,
            Figure.Of(serial), Figure.Of(ratios), cryptoOnly, phases, (keys as PooledRatchetKeySource)?.MaxAge);
    }
}
