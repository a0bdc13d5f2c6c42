using Akka.Actor;
using Encryptio.Host.Logging;
using Encryptio.Peer.Console;
using Encryptio.Peer.Node;

namespace Encryptio.Host.Nodes;

/// <summary>`encryptio peer UID`: a peer node driven from this process's console until /quit, end of input or Ctrl-C.</summary>
public static class PeerConsole
{
    public static int RunUntilShutdown(PeerHost.Options options, bool json, TextWriter stdout, TextWriter stderr)
    {
        ConsoleLogging.Configure(options.Uid.Value, ConsoleLogging.LevelFrom(PeerHost.LoadConfig(options)));
        var running = PeerHost.Start(options,
            node => ConsoleActor.Props(node, System.Console.In, stdout, json),
            observer: null,
            say: line => stderr.WriteLine($"encryptio: {line}"));
        ShutdownOnCtrlC(running.System);
        running.System.WhenTerminated.Wait();
        Serilog.Log.CloseAndFlush();
        var reason = CoordinatedShutdown.Get(running.System).ShutdownReason;
        // Akka.Remote (1.5.50 and later) shuts a system down when a TLS handshake it started fails: the
        // node cannot go on, so at least it says why (docs/security.md, "TLS failures end the node").
        if (reason?.GetType().Name == "TlsHandshakeFailureReason")
        {
            stderr.WriteLine("encryptio: the TLS handshake with the directory failed, and Akka.Remote ends the node for it: the directory refused this peer's certificate (revoked, or of another CA), or what answers there is not an Encryptio directory");
            return Cli.CommandLine.Failure;
        }
        // A part of the node died (its listener, its console): it said why in one line, and the exit says it too.
        return reason is NodeFailed ? Cli.CommandLine.Failure : 0;
    }

    public static void ShutdownOnCtrlC(ActorSystem system)
    {
        System.Console.CancelKeyPress += (_, e) =>
        {
            // Let CoordinatedShutdown unregister and close links instead of dying mid-flight.
            e.Cancel = true;
            CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
        };
    }
}
