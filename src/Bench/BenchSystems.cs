using Akka.Actor;
using Akka.Configuration;
using Encryptio.Host.Configuration;

namespace Encryptio.Bench;

/// <summary>ActorSystems for the run, on the nodes' own HOCON (peer.conf's Akka.IO settings), logging warnings only.</summary>
public static class BenchSystems
{
    private const string Quiet = "akka.loglevel = WARNING\nakka.loggers = [\"Akka.Event.DefaultLogger, Akka\"]\nakka.log-dead-letters = off\nakka.log-dead-letters-during-shutdown = off\n";

    /// <summary>A local (non-remote) system for P2P links and sessions: the same io.tcp settings as a peer.</summary>
    public static ActorSystem Local(string name) =>
        ActorSystem.Create(name, ConfigurationFactory.ParseString(Quiet + "akka.actor.provider = local\n").WithFallback(HoconFiles.Load("peer.conf")));

    /// <summary>A node's config (directory.conf or peer.conf) with bench overrides laid on top.</summary>
    public static Config Node(string file, string overrides) =>
        ConfigurationFactory.ParseString(Quiet + overrides).WithFallback(HoconFiles.Load(file));
}
