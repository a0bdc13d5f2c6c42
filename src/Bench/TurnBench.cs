using Akka.Actor;
using Encryptio.Peer.Crypto;

namespace Encryptio.Bench;

/// <summary>Round trip of 256 B chats through two established sessions, each turn a DH ratchet step at the receiver (ms).</summary>
public static class TurnBench
{
    /// <summary>Each run times a few DH ratchet steps alone right before its ping-pong, so the ratio compares side by side.</summary>
    public static TurnFigures Measure(SessionRig rig, BenchOptions options, IRatchetKeySource keys)
    {
        var system = rig.System;
        rig.StopSessions();
        var counted = new CountingKeySource(keys);
        var (alice, bob) = rig.Connect(counted);
        var pinger = system.ActorOf(PingPong.Props());
        var echo = system.ActorOf(Echo.Props(bob));
        rig.Retarget(pinger, echo);
        var seed = 1000;
        var roundTrips = new List<double>();
        var steps = new List<double>();
        var ratios = new List<double>();
        var keysPerRoundTrip = new List<double>();
        for (var i = -1; i < options.Runs; i++) // run -1 is the warm-up
        {
            var step = CryptoCeilings.DhStep(1, 3, keys).Median / 1000;
            var run = new PingPong.Run(alice, SessionRig.Chats(options.RoundTrips, 256, ++seed));
            var before = counted.Taken;
            var roundTrip = pinger.Ask<PingPong.Finished>(run, TimeSpan.FromSeconds(120)).GetAwaiter().GetResult().MicrosPerRoundTrip / 1000;
            var taken = counted.Taken - before;
            if (i < 0) continue;
            keysPerRoundTrip.Add(taken / (double)options.RoundTrips);
            roundTrips.Add(roundTrip);
            steps.Add(step);
            ratios.Add(roundTrip / (2 * step));
        }
        system.Stop(pinger);
        system.Stop(echo);
        rig.StopSessions();
        return new TurnFigures(Figure.Of(roundTrips), Figure.Of(steps), Figure.Of(ratios), Figure.Of(keysPerRoundTrip));
    }
}
