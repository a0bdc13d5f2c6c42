using System.Collections.Immutable;
using Akka.Actor;
using Encryptio.Host.Configuration;
using Encryptio.Host.Pki;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Transport;
using Encryptio.Runtime.Pki;

namespace Encryptio.EndToEnd.Tests.Support;

/// <summary>
/// A hostile enrolled user (finding 8): a real Akka.Remote + mutual-TLS node, started in the test
/// process with its own certificate, that sends the directory Register after Register as fast as the
/// association takes them, each claiming one of many other users' public certificates and signed by
/// nobody, with a sender path that is its own or one of many made-up addresses. It never answers a
/// challenge (it cannot: it holds none of those keys).
/// </summary>
public sealed class RegistrationFlooder : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _sent;

    public long Sent => Interlocked.Read(ref _sent);

    private RegistrationFlooder(ActorSystem system, IActorRef gate, IReadOnlyList<Register> registers, IActorRef own, IReadOnlyList<IActorRef> spoofed)
    {
        _system = system;
        _loop = Task.Run(async () =>
        {
            var i = 0;
            while (!_stop.IsCancellationRequested)
            {
                // Batches with a breath between them: Akka.Remote would otherwise buffer without bound
                // here, which sends nothing more to the directory, only later.
                for (var b = 0; b < 250; b++, i++)
                    // Every other Register from the attacker's own address, the rest from made-up ones.
                    gate.Tell(registers[i % registers.Count], i % 2 == 0 || spoofed.Count == 0 ? own : spoofed[i / 2 % spoofed.Count]);
                Interlocked.Add(ref _sent, 250);
                await Task.Delay(5);
            }
        });
    }

    /// <param name="victims">Users whose certificates the attacker claims (enrolled here if needed).</param>
    /// <param name="spoofedSenders">Made-up sender addresses, besides the attacker's own.</param>
    public static async Task<RegistrationFlooder> Start(Network network, string attacker, IEnumerable<string> victims, int spoofedSenders)
    {
        var pki = new PkiStore(network.Home);
        var registers = new List<Register>();
        foreach (var name in victims)
        {
            var uid = Uid.Parse(name);
            if (!pki.HasUser(uid)) pki.Enroll(uid);
            using var certificate = pki.LoadUser(uid);
            registers.Add(new Register(uid, ImmutableArray.Create(certificate.RawData), new PeerEndpoint("127.0.0.1", 9), Register.CurrentVersion));
        }
        var attackerUid = Uid.Parse(attacker);
        if (!pki.HasUser(attackerUid)) pki.Enroll(attackerUid);

        var config = HoconFiles.Load("peer.conf", new Dictionary<string, string?>
        {
            ["akka.remote.dot-netty.tcp.hostname"] = "127.0.0.1",
            ["akka.remote.dot-netty.tcp.port"] = "0",
            ["akka.stdout-loglevel"] = "OFF",
            ["akka.loglevel"] = "ERROR",
        });
        var system = NodeSystem.Create("mallory", config, pki.LoadUser(attackerUid), new AuthorityTrust(pki.LoadAuthority()));
        var provider = ((ExtendedActorSystem)system).Provider;
        var gate = provider.ResolveActorRef($"akka.ssl.tcp://encryptio-directory@127.0.0.1:{network.DirectoryPort}/user/directory");
        var own = system.ActorOf(Props.Create(() => new BlackHole()), "sink");
        var spoofed = new List<IActorRef>();
        for (var i = 0; i < spoofedSenders; i++)
            spoofed.Add(provider.ResolveActorRef($"akka.ssl.tcp://ghost{i}@127.0.0.{1 + i / 60000 % 250}:{1 + i % 60000}/user/peer"));

        // Associate before the flood, as a real attacker would (one Identify round trip).
        var identity = await system.ActorSelection(gate.Path).Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(15));
        if (identity.Subject is null) throw new InvalidOperationException("the attacker could not reach the directory");
        return new RegistrationFlooder(system, gate, registers, own, spoofed);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop;
        await _system.Terminate();
    }

    private sealed class BlackHole : ReceiveActor
    {
        public BlackHole() => ReceiveAny(_ => { });
    }
}
