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
        // A part of the node died (its listener, its console): it said why in one line, and the exit says it too.
        return CoordinatedShutdown.Get(running.System).ShutdownReason is NodeFailed ? Cli.CommandLine.Failure : 0;
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
