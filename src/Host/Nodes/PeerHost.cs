using Akka.Actor;
using Akka.Configuration;
using Encryptio.Host.Configuration;
using Encryptio.Host.Logging;
using Encryptio.Host.Pki;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Transport;
using Encryptio.Peer.Identity;
using Encryptio.Peer.Node;
using Encryptio.Runtime.Pki;

namespace Encryptio.Host.Nodes;

/// <summary>Starts one peer node: PKI from HOME (enrolling itself where the CA key is at hand), HOCON, ActorSystem, PeerActor.</summary>
public static class PeerHost
{
    /// <param name="LogLevel">A <c>--log-level</c> value (debug, info, warning, error); null keeps the HOCON's <c>akka.loglevel</c>.</param>
    public sealed record Options(Uid Uid, string Home, string? Directory, int? P2PPort, string? Advertise, string? P2PHost = null, string? LogLevel = null)
    {
        /// <summary><c>--relay</c>: never, fallback or always; null keeps the HOCON's <c>encryptio.peer.relay</c>.</summary>
        public string? Relay { get; init; }
    }

    public sealed record Running(ActorSystem System, IActorRef Peer, PeerSettings Settings);

    public static Config LoadConfig(Options options)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["encryptio.peer.directory"] = options.Directory,
            ["encryptio.peer.p2p-port"] = options.P2PPort?.ToString(),
            ["encryptio.peer.advertise"] = options.Advertise,
            ["encryptio.peer.p2p-host"] = options.P2PHost,
            ["encryptio.peer.relay"] = options.Relay,
            ["akka.loglevel"] = options.LogLevel is { } level ? ConsoleLogging.AkkaLevel(level) : null,
        };
        return HoconFiles.Load("peer.conf", overrides);
    }

    public static PeerIdentity LoadIdentity(PkiStore pki, Uid uid, Action<string> say)
    {
        if (!pki.HasUser(uid))
        {
            if (!pki.HasAuthority)
                throw new PkiException($"'{uid}' is not enrolled and there is no Encryptio PKI in {pki.Home}: start 'encryptio directory' once (it creates one) or run 'encryptio init', then start this peer again; to join a directory on another machine, run 'encryptio enroll {uid}' where its CA key is and copy ca/ca.crt and users/{uid}/ here");
            if (!pki.HasAuthorityKey)
                throw new PkiException($"'{uid}' is not enrolled in {pki.Home}: run 'encryptio enroll {uid}' where the CA key is, then copy users/{uid}/ and ca/ca.crt here");
            pki.Enroll(uid);
            say($"enrolled '{uid}' with the local CA ({pki.UserCertificatePath(uid)})");
        }
        var trust = new AuthorityTrust(pki.LoadAuthority());
        return new PeerIdentity(uid, pki.LoadUser(uid), trust);
    }

    public static Running Start(Options options, Func<IActorRef, Props>? consoleProps, Func<ActorSystem, IActorRef>? observer, Action<string> say)
    {
        var config = LoadConfig(options);
        var settings = PeerSettings.From(config, options.Uid);
        var identity = LoadIdentity(new PkiStore(options.Home), options.Uid, say);
        // One HOME can hold several local users (the demo, tests), so each keeps its own pins. Read
        // before the actor system starts: a refused file (readable by others) ends the process in one line.
        var knownPeers = new KnownPeers(Path.Combine(new PkiStore(options.Home).Home, "users", options.Uid.Value, "known_peers"));
        var system = NodeSystem.Create($"encryptio-{options.Uid}", config, identity.Certificate, identity.Trust);
        var peer = system.ActorOf(PeerActor.Props(settings, identity, consoleProps, observer?.Invoke(system), knownPeers), "peer");

        // Say Bye on every link (reporting what was never acked), then leave the directory,
        // before remoting goes down, so others see us go at once.
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "close-sessions", async () =>
        {
            try { await peer.Ask<Akka.Done>(PeerActor.CloseAllSessionsRequest, TimeSpan.FromSeconds(4)); }
            catch (Exception) { /* sessions that did not finish in time are stopped with the system */ }
            return Akka.Done.Instance;
        });
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "unregister", async () =>
        {
            try { await peer.Ask<Akka.Done>(PeerActor.UnregisterRequest, TimeSpan.FromSeconds(3)); }
            catch (Exception) { /* the peer actor is already gone: nothing to unregister */ }
            return Akka.Done.Instance;
        });
        // Give the P2P port back before the system stops: a listener that just dies leaves Akka.IO
        // to warn that its bind commander died.
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "unbind-p2p", async () =>
        {
            try { await peer.Ask<Akka.Done>(PeerActor.UnbindListenerRequest, TimeSpan.FromSeconds(3)); }
            catch (Exception) { /* no listener left to unbind */ }
            return Akka.Done.Instance;
        });
        return new Running(system, peer, settings);
    }
}
