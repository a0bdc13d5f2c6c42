using Akka.Actor;
using Encryptio.Directory;
using Encryptio.Directory.Cluster;
using Encryptio.Directory.Relay;
using Encryptio.Host.Configuration;
using Encryptio.Host.Logging;
using Encryptio.Host.Pki;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Transport;
using Encryptio.Runtime.Pki;

namespace Encryptio.Host.Nodes;

/// <summary>Starts the directory node: PKI from HOME (created on first run), HOCON, mutual-TLS ActorSystem, directory actors.</summary>
public static class DirectoryHost
{
    /// <param name="LogLevel">A <c>--log-level</c> value (debug, info, warning, error); null keeps the HOCON's <c>akka.loglevel</c>.</param>
    /// <param name="ClusterPort"><c>--cluster-port</c>: the internal cluster system's port (docs/cluster.md); null for a single node as always.</param>
    /// <param name="Seeds"><c>--seed H:N</c>, the cluster ports of nodes to join; none: this node starts a cluster.</param>
    /// <param name="JoinTimeout">How long to wait to join the seeds; null: <c>encryptio.cluster.join-timeout</c> (20s).</param>
    public sealed record Options(string Home, string Host, int Port, string? LogLevel = null, int? ClusterPort = null, IReadOnlyList<string>? Seeds = null,
        TimeSpan? JoinTimeout = null)
    {
        /// <summary><c>--relay-port</c>: null for the default (the directory port + 1, or any free port when that is 0); 0 for no relay.</summary>
        public int? RelayPort { get; init; }

        /// <summary><c>--relay-advertise</c>: where peers are told to reach the relay, when not at the bound host and port (a port forward, a proxy).</summary>
        public PeerEndpoint? RelayAdvertise { get; init; }
    }

    /// <param name="Cluster">The internal cluster system, when clustered; its lifetime is tied to <paramref name="System"/>'s.</param>
    public sealed record Running(ActorSystem System, IActorRef Gate, int Port, ActorSystem? Cluster = null)
    {
        /// Where peers reach this node's relay; null when it runs none.
        public PeerEndpoint? Relay { get; init; }
    }

    public static Running Start(Options options, Action<string> say)
    {
        var pki = new PkiStore(options.Home);
        if (!pki.HasAuthority)
        {
            pki.Initialize([options.Host]);
            say($"no PKI in {pki.Home}: created a new CA and directory certificate");
        }
        var config = LoadConfig(options);
        var revocations = pki.Revocations;
        var trust = new AuthorityTrust(pki.LoadAuthority()) { IsRevoked = revocations.IsRevoked };
        var certificate = pki.LoadDirectory();
        var systemName = config.GetString("encryptio.directory.system-name", "encryptio-directory");
        var settings = DirectorySettings.FromConfig(config);
        // Clustered: the cluster system is Up before the edge opens its port; the registry lives there.
        // A taken edge port is told before joining a cluster only to leave it again.
        if (options.ClusterPort is not null) ClusterHost.EnsureFree(options.Host, options.Port, "--port");
        var cluster = options.ClusterPort is null ? null : ClusterHost.StartAndJoin(options, certificate, trust);
        var registry = cluster is null ? null : DirectoryCluster.StartRegistry(cluster, revocations, settings.RevocationPoll);
        ActorSystem system;
        try
        {
            system = ClusterHost.Bind(() => NodeSystem.Create(systemName, config, certificate, trust), options.Host, options.Port, "--port");
        }
        catch
        {
            cluster?.Terminate().Wait(TimeSpan.FromSeconds(5));
            throw;
        }
        if (cluster is not null) DirectoryCluster.TieLifetimes(system, cluster);
        var port = ((ExtendedActorSystem)system).Provider.DefaultAddress.Port ?? options.Port;
        // Peers registered at any node learn this one's edge (DirectoryNodes, wire 1.5).
        registry?.Tell(new EdgeNodes.Announce(new PeerEndpoint(options.Host, port)));
        RelayReference? relay = null;
        var relayPort = options.RelayPort ?? (options.Port == 0 ? 0 : options.Port + 1);
        if (options.RelayPort != 0 && relayPort <= 65535)
        {
            try { relay = DirectoryNode.StartRelay(system, RelaySettings.FromConfig(config), options.Host, options.Host, relayPort, certificate, trust, options.RelayAdvertise); }
            catch (System.Net.Sockets.SocketException e)
            {
                system.Terminate().Wait(TimeSpan.FromSeconds(5));
                cluster?.Terminate().Wait(TimeSpan.FromSeconds(5));
                throw new IOException($"cannot listen for the relay on {options.Host}:{relayPort}: {e.Message} (choose another with --relay-port, or 0 for none)");
            }
        }
        // The same list the TLS and registration checks use also ends live registrations (polled).
        var gate = DirectoryNode.Start(system, settings, trust, revocations, registry, relay);
        return new Running(system, gate, port, cluster) { Relay = relay?.Endpoint };
    }

    public static Akka.Configuration.Config LoadConfig(Options options) =>
        HoconFiles.Load("directory.conf", new Dictionary<string, string?>
        {
            ["akka.remote.dot-netty.tcp.hostname"] = options.Host,
            ["akka.remote.dot-netty.tcp.port"] = options.Port.ToString(),
            ["akka.loglevel"] = options.LogLevel is { } level ? ConsoleLogging.AkkaLevel(level) : null,
        });

    public static int RunUntilShutdown(Options options, TextWriter stderr)
    {
        ConsoleLogging.Configure("directory", ConsoleLogging.LevelFrom(LoadConfig(options)));
        while (true)
        {
            var running = Start(options, line => stderr.WriteLine($"encryptio: {line}"));
            Serilog.Log.Information("directory listening at akka.ssl.tcp://{System}@{Host}:{Port}/user/directory",
                running.System.Name, options.Host, running.Port);
            if (running.Relay is { } relayAt) Serilog.Log.Information("relay listening at {Relay}", relayAt.ToString());
            if (running.Cluster is { } cluster)
                Serilog.Log.Information("directory cluster node at akka.ssl.tcp://{System}@{Host}:{Port} (directory certificates only)",
                    cluster.Name, options.Host, ((ExtendedActorSystem)cluster).Provider.DefaultAddress.Port);
            PeerConsole.ShutdownOnCtrlC(running.System);
            running.System.WhenTerminated.Wait();
            running.Cluster?.WhenTerminated.Wait(TimeSpan.FromSeconds(10));
            // Akka.Remote (1.5.50+) ends a system when a TLS handshake it started fails, and the directory
            // starts one whenever it must reach a peer whose connection is gone: a user answering its own
            // remoting port with something that fails TLS would end the directory for everyone. A single
            // node starts again on the same port (peers re-register by themselves; nothing was stored);
            // a cluster node stays down, as after a crash, and its peers move to the other nodes.
            if (running.Cluster is not null || !EndedByFailedTls(running.System)) break;
            Serilog.Log.Warning("directory: Akka.Remote ended the node after a TLS handshake it started failed (a peer address answered with something that is not an Encryptio peer); starting it again on port {Port}", running.Port);
        }
        Serilog.Log.CloseAndFlush();
        return 0;
    }

    private static bool EndedByFailedTls(ActorSystem system) =>
        CoordinatedShutdown.Get(system).ShutdownReason?.GetType().Name == "TlsHandshakeFailureReason";
}
