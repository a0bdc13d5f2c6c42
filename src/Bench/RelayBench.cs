using Akka.Actor;
using Encryptio.Directory;
using Encryptio.Directory.Relay;
using Encryptio.Peer.Crypto;
using Encryptio.Testing;

namespace Encryptio.Bench;

/// <summary>
/// The `relay` section: the same sealed conversations as the session section, once over a direct
/// loopback link and once through a real relay on this machine (mutual TLS to the relay at both
/// ends, the SslStream splice between them: two TLS hops and the relay's pumps added), run
/// alternately so each ratio compares runs made side by side. The relay's own caps are raised so
/// they do not throttle the figure (the per-pair cap is a policy, not a cost). Then a 256 B ping-pong
/// over sessions both ways, every round trip a sample, for what the relay adds to p50 and p99.
/// </summary>
public static class RelayBench
{
    /// The relay as the bench runs it: the default's limits, with the byte-rate caps out of the way.
    public static RelaySettings Settings { get; } = RelaySettings.Default with
    {
        MaxBytesPerSecond = 1L << 40,
        MaxNodeBytesPerSecond = 1L << 40,
        MaxPairsPerUid = 1000,
    };

    public static RelayReference StartRelay(ActorSystem system, TestPki pki) =>
        DirectoryNode.StartRelay(system, Settings, "127.0.0.1", "127.0.0.1", 0, pki.DirectoryCertificate, pki.Trust);

    public static RelayFigures Measure(SessionRig rig, RelayReference relay, BenchOptions options, IRatchetKeySource keys, int textBytes, int messages)
    {
        var system = rig.System;
        var tag = $"relay-{textBytes}-{Guid.NewGuid():N}";
        var driver = system.ActorOf(ChatDriver.Props(), $"driver-{tag}");
        var sink = system.ActorOf(NullSink.Props(), $"sink-{tag}");
        rig.StopSessions();
        var (direct, directId) = rig.ConnectConversations(keys);
        var (relayed, relayedId) = rig.ConnectRelayedConversations(keys, relay);
        rig.Retarget(driver, sink);

        var relayedRates = new List<double>();
        var directRates = new List<double>();
        var ratios = new List<double>();
        var window = BenchOptions.Window(textBytes);
        var seed = 5000;
        for (var run = -1; run < options.Runs; run++) // run -1 is the warm-up
        {
            var r = Rate(driver, new ChatDriver.Run(relayed, relayedId, SessionRig.Chats(messages, textBytes, ++seed), window), messages);
            var d = Rate(driver, new ChatDriver.Run(direct, directId, SessionRig.Chats(messages, textBytes, ++seed), window), messages);
            if (run < 0) continue;
            relayedRates.Add(r);
            directRates.Add(d);
            ratios.Add(r / d);
        }
        system.Stop(driver);
        system.Stop(sink);
        rig.StopSessions();

        // Seal and open off for the round trips: what the relay adds is transport, and two DH steps per
        // round trip (milliseconds on a busy machine) would bury it in their noise. Alternated per run.
        var directTrips = new List<double>();
        var relayedTrips = new List<double>();
        for (var run = -1; run < options.Runs; run++)
        {
            var d = RoundTrips(rig, options, rig.Connect(keys, unsealed: true));
            var r = RoundTrips(rig, options, rig.ConnectRelayed(keys, relay, unsealed: true));
            if (run < 0) continue;
            directTrips.AddRange(d);
            relayedTrips.AddRange(r);
        }
        return new RelayFigures(textBytes, messages, Figure.Of(relayedRates), Figure.Of(directRates), Figure.Of(ratios),
            Figure.Percentile(directTrips, 50), Figure.Percentile(directTrips, 99),
            Figure.Percentile(relayedTrips, 50), Figure.Percentile(relayedTrips, 99), relayedTrips.Count);
    }

    /// One run of 256 B ping-pong over these sessions: every round trip, in ms.
    private static IEnumerable<double> RoundTrips(SessionRig rig, BenchOptions options, (IActorRef Alice, IActorRef Bob) sessions)
    {
        var system = rig.System;
        var pinger = system.ActorOf(PingPong.Props());
        var echo = system.ActorOf(Echo.Props(sessions.Bob));
        rig.Retarget(pinger, echo);
        var finished = pinger.Ask<PingPong.Finished>(new PingPong.Run(sessions.Alice, SessionRig.Chats(options.RoundTrips, 256, Environment.TickCount)), TimeSpan.FromSeconds(120))
            .GetAwaiter().GetResult();
        system.Stop(pinger);
        system.Stop(echo);
        rig.StopSessions();
        return finished.Samples.Select(us => us / 1000);
    }

    private static double Rate(IActorRef runner, ChatDriver.Run run, int messages)
    {
        var timeout = TimeSpan.FromSeconds(Math.Max(60, messages / 100.0));
        var finished = runner.Ask<ChatDriver.Finished>(run, timeout).GetAwaiter().GetResult();
        return messages / (finished.Micros / 1_000_000);
    }
}
