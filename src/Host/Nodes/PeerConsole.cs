using Akka.Actor;
using Encryptio.Host.Logging;
using Encryptio.Peer.Console;

namespace Encryptio.Host.Nodes;

/// <summary>`encryptio peer UID`: a peer node driven from this process's console until /quit, end of input or Ctrl-C.</summary>
public static class PeerConsole
{
    public static int RunUntilShutdown(PeerHost.Options options, bool json, TextWriter stdout, TextWriter stderr)
    {
        ConsoleLogging.Configure(options.Uid.Value);
        var running = PeerHost.Start(options,
            node => ConsoleActor.Props(node, System.Console.In, stdout, json),
            observer: null,
            say: line => stderr.WriteLine($"encryptio: {line}"));
        ShutdownOnCtrlC(running.System);
        running.System.WhenTerminated.Wait();
        Serilog.Log.CloseAndFlush();
        return 0;
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
