using Akka.Configuration;

namespace Encryptio.Peer.Actors.Tests.Support;

/// The peer node's own hocon/peer.conf (Akka.IO buffer and frame settings), for link specs.
internal static class PeerConfig
{
    public static Config Load(string extra = "") =>
        ConfigurationFactory.ParseString(extra + "\nakka.loglevel = " + (Environment.GetEnvironmentVariable("AKKA_LOGLEVEL") ?? "INFO") + "\n")
            .WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "hocon", "peer.conf"))));
}
