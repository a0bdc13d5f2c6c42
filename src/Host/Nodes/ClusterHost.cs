using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Configuration;
using Encryptio.Directory.Cluster;
using Encryptio.Host.Configuration;
using Encryptio.Host.Logging;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Pki;

namespace Encryptio.Host.Nodes;

/// <summary>
/// The internal cluster system of a directory started with --cluster-port (docs/cluster.md): started,
/// joined to its seeds (or to itself when none is given), and Up before the edge opens its port, so no
/// peer registers on a node that is not yet part of the registry.
/// </summary>
public static class ClusterHost
{
    public static Config LoadConfig(DirectoryHost.Options options)
    {
        var config = HoconFiles.LoadAlone("cluster.conf", new Dictionary<string, string?>
        {
            ["akka.remote.dot-netty.tcp.hostname"] = options.Host,
            ["akka.remote.dot-netty.tcp.port"] = options.ClusterPort?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["akka.loglevel"] = options.LogLevel is { } level ? ConsoleLogging.AkkaLevel(level) : null,
        });
        // Every node's cluster system has the same name (cluster.conf), so a seed is its host and port.
        var systemName = SystemName(config);
        var seeds = (options.Seeds ?? []).Select(s => HoconFiles.Quote($"akka.ssl.tcp://{systemName}@{s}"));
        return ConfigurationFactory.ParseString($"akka.cluster.seed-nodes = [{string.Join(", ", seeds)}]").WithFallback(config);
    }

    /// <summary>Starts the cluster system and waits until this node is Up; a one-line <see cref="NodeStartException"/> otherwise.</summary>
    public static ActorSystem StartAndJoin(DirectoryHost.Options options, X509Certificate2 certificate, AuthorityTrust trust)
    {
        var config = LoadConfig(options);
        var system = Bind(() => DirectoryCluster.CreateSystem(SystemName(config), config, certificate, trust), options.Host, options.ClusterPort!.Value, "--cluster-port");
        var cluster = Akka.Cluster.Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        // No seed: this node starts a cluster of its own, the first of several.
        if (options.Seeds is not { Count: > 0 }) cluster.Join(cluster.SelfAddress);
        var timeout = options.JoinTimeout ?? config.GetTimeSpan($"{DirectoryCluster.Section}.join-timeout", TimeSpan.FromSeconds(20), allowInfinite: false);
        if (up.Task.Wait(timeout)) return system;
        system.Terminate().Wait(TimeSpan.FromSeconds(5));
        throw new NodeStartException($"could not join the directory cluster through --seed {string.Join(", ", options.Seeds!)} within {timeout.TotalSeconds:0}s: " +
                                     "is a directory running there with that --cluster-port, reachable from here, with a certificate of the same CA?");
    }

    private static string SystemName(Config? config) => config?.GetString($"{DirectoryCluster.Section}.system-name", null) ?? "encryptio-cluster";

    /// <summary>Runs <paramref name="start"/>; a port already taken becomes one line naming the option.</summary>
    public static ActorSystem Bind(Func<ActorSystem> start, string host, int port, string option)
    {
        EnsureFree(host, port, option);
        try
        {
            return start();
        }
        catch (Exception e) when (Flatten(e).OfType<SocketException>().FirstOrDefault() is { } socket)
        {
            var why = socket.SocketErrorCode == SocketError.AddressAlreadyInUse ? "the port is already in use" : socket.Message;
            throw new NodeStartException($"{option} {port}: cannot listen on {host}:{port}: {why}", e);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("certificate", StringComparison.Ordinal))
        {
            throw new NodeStartException(e.Message, e);
        }
    }

    /// <summary>Throws the one line for a port that cannot be listened on (see <see cref="PortProbe"/>).</summary>
    public static void EnsureFree(string host, int port, string option)
    {
        if (PortProbe.Problem(host, port) is { } problem) throw new NodeStartException($"{option} {port}: cannot listen on {host}:{port}: {problem}");
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            yield return current;
            if (current is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten)) yield return inner;
        }
    }
}
