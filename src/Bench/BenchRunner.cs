using Encryptio.Testing;
using System.Diagnostics;
using Encryptio.Peer.Node;
using Encryptio.Peer.Crypto;
using Encryptio.Host.Configuration;

namespace Encryptio.Bench;

/// <summary>
/// `encryptio bench`: measures this machine's ceilings and the system's figures in one run and prints
/// each figure as a ratio to its ceiling (a table, or JSON with --json). Progress goes to stderr.
/// </summary>
public static class BenchRunner
{
    /// <summary>Section names `--only` accepts; the ceilings are always measured (every ratio needs them).</summary>
    public static IReadOnlyList<string> SectionNames => Host.Cli.BenchLauncher.SectionNames;

    public static int Run(bool quick, bool json, TextWriter stdout, TextWriter stderr) =>
        Run(quick, json, SectionNames, stdout, stderr);

    public static int Run(bool quick, bool json, IReadOnlyCollection<string> only, TextWriter stdout, TextWriter stderr, int? users = null)
    {
        var options = (quick ? BenchOptions.QuickRun : BenchOptions.Full).WithDirectoryUsers(users);
        var clock = Stopwatch.StartNew();
        var pki = new TestPki();
        // The pool a node would have: the capacity and the key-pool-max-age of hocon/peer.conf.
        using var pool = PooledRatchetKeySource.WithMaxAge(KeyPoolMaxAge());
        pool.WaitFullAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();

        stderr.WriteLine("bench: crypto ceilings");
        var ceilings = CryptoCeilings.Measure(options, pool, pki.User("alice").Certificate, pki.Trust);
        var sections = new List<ReportSection> { Sections.Ceilings(ceilings) };

        using (var system = BenchSystems.Local("encryptio-bench"))
        {
            using var rig = new SessionRig(system, pki);
            if (only.Contains("session"))
            {
                stderr.WriteLine("bench: session throughput");
                var small = SessionBench.Measure(rig, options, pool, 256, options.SmallMessages);
                var large = SessionBench.Measure(rig, options, pool, 4096, options.LargeMessages);
                sections.Add(Sections.Session(small, large));
            }
            if (only.Contains("handshake"))
            {
                stderr.WriteLine("bench: handshake latency");
                var pooledHandshake = HandshakeBench.Measure(rig, options.Handshakes, pool, freshKeys: false);
                var randomHandshake = HandshakeBench.Measure(rig, options.Handshakes, RandomRatchetKeySource.Instance, freshKeys: true);
                sections.Add(Sections.Handshake(pooledHandshake, randomHandshake));
            }
            if (only.Contains("turn"))
            {
                stderr.WriteLine("bench: ping-pong turns");
                sections.Add(Sections.Turn(TurnBench.Measure(rig, options, pool)));
            }
            if (only.Contains("relay"))
            {
                stderr.WriteLine("bench: relayed vs direct");
                var relay = RelayBench.StartRelay(system, pki);
                var small = RelayBench.Measure(rig, relay, options, pool, 256, options.SmallMessages);
                var large = RelayBench.Measure(rig, relay, options, pool, 4096, options.LargeMessages);
                sections.Add(Sections.Relay(small, large));
                system.Stop(relay.Relay);
            }
            system.Terminate().Wait(TimeSpan.FromSeconds(10));
        }

        if (only.Contains("directory"))
        {
            stderr.WriteLine("bench: directory registrations");
            sections.Add(Sections.Directory(DirectoryBench.Measure(pki, options, stderr)));
        }

        if (only.Contains("cluster"))
        {
            stderr.WriteLine("bench: directory cluster");
            sections.Add(Sections.Cluster(ClusterBench.Measure(pki, options, stderr)));
        }

        var report = new BenchReport(quick, clock.Elapsed, sections);
        if (pool.Expired > 0) stderr.WriteLine($"bench: {pool.Expired} pooled keys reached key-pool-max-age and were replaced");
        if (json) stdout.WriteLine(ReportJson.Write(report));
        else ReportTable.Write(report, stdout);
        return 0;
    }

    private static TimeSpan KeyPoolMaxAge() =>
        PeerSettings.From(HoconFiles.Load("peer.conf"), Messages.Identity.Uid.Parse("bench")).KeyPoolMaxAge;
}
