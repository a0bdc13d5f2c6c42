using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Configuration;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Transport;
using Encryptio.Runtime.Pki;

namespace Encryptio.Directory.Actors.Tests.Remoting.Support;

public enum NodeKind { Directory, Peer }

/// <summary>
/// Real nodes for the remoting specs: the project's own HOCON files (copied beside the test
/// assembly), real mutual TLS through <see cref="NodeSystem.Create"/>, 127.0.0.1 and a free port.
/// Only logging and the port are changed for tests.
/// </summary>
public static class RemoteNodes
{
    private const string TestOverrides = """
        akka {
          loglevel = INFO
          stdout-loglevel = OFF
          # The Host logs through Serilog; the tests capture Akka's events with TestKit instead.
          loggers = ["Akka.TestKit.TestEventListener, Akka.TestKit"]
          logger-formatter = "Akka.Event.DefaultLogMessageFormatter, Akka"
          coordinated-shutdown.run-by-clr-shutdown-hook = off
          remote.dot-netty.tcp {
            hostname = 127.0.0.1
            port = 0
          }
        }
        """;

    public static Config Config(NodeKind kind, string? overrides = null) =>
        ConfigurationFactory.ParseString(overrides ?? "")
            .WithFallback(ConfigurationFactory.ParseString(TestOverrides))
            .WithFallback(Hocon(kind == NodeKind.Directory ? "directory.conf" : "peer.conf"))
            .WithFallback(Hocon("remoting.conf"))
            .WithFallback(Akka.TestKit.Xunit2.TestKit.DefaultConfig);

    public static ActorSystem Start(string name, NodeKind kind, X509Certificate2 certificate, AuthorityTrust trust, string? overrides = null) =>
        NodeSystem.Create(name, Config(kind, overrides), certificate, trust);

    /// <summary>
    /// A node that does not go through <see cref="NodeSystem.Create"/>: it presents <paramref name="certificate"/>
    /// and accepts whatever role <paramref name="accepted"/> says, as an attacker's own build would.
    /// </summary>
    public static ActorSystem StartAccepting(string name, NodeKind kind, X509Certificate2 certificate, AuthorityTrust trust, CertificateRole accepted) =>
        ActorSystem.Create(name, BootstrapSetup.Create().WithConfig(Config(kind)).And(MutualTls.Setup(certificate, trust, accepted)));

    /// <summary>Where the node listens, e.g. <c>akka.ssl.tcp://directory@127.0.0.1:41234</c>.</summary>
    public static Address AddressOf(ActorSystem system) => ((ExtendedActorSystem)system).Provider.DefaultAddress;

    /// <summary>
    /// An actor ref for any path on another node, made up locally with no message exchanged: what a
    /// hostile peer does to reach actors it was never given.
    /// </summary>
    public static IInternalActorRef Forge(ActorSystem from, Address target, string path) =>
        (IInternalActorRef)((ExtendedActorSystem)from).Provider.ResolveActorRef($"{target}{path}");

    private static Config Hocon(string file) =>
        ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "hocon", file)));
}
