using Akka.Actor;
using Akka.Remote.Serialization;
using Akka.Serialization;

namespace Encryptio.Messages.Serialization.Hardening;

/// <summary>
/// Stands in for Akka's <see cref="MiscMessageSerializer"/> (id 16, alias <c>akka-misc</c>).
/// Outbound it is the original. Inbound it lets through what remoting itself needs and nothing else:
/// Identify / ActorIdentity, actor refs, RemoteWatcher heartbeats and Status.Success. Kill, PoisonPill,
/// Status.Failure (its exception type is chosen by the sender and built by reflection), and the
/// remote-deployment payloads (scopes, Config, router pools) become a <see cref="NeutralizedMessage"/>.
/// Never throws on the way in.
/// </summary>
public sealed class HardenedMiscMessageSerializer : SerializerWithStringManifest
{
    public const int Id = 16;

    // The original's manifests (MiscMessageSerializer) for the messages remoting needs.
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "ID",   // Identify
        "AID",  // ActorIdentity
        "AR",   // IActorRef
        "RWHB", // RemoteWatcher.Heartbeat
        "RWHR", // RemoteWatcher.HeartbeatRsp
        "STS",  // Status.Success (its payload goes through the serializers again)
    };

    private static readonly Dictionary<string, string> Named = new(StringComparer.Ordinal)
    {
        ["K"] = "Kill is not accepted from the network",
        ["PP"] = "PoisonPill is not accepted from the network",
        ["STF"] = "Status.Failure is not accepted from the network (it names an exception type to build)",
    };

    private readonly MiscMessageSerializer _original;
    private readonly Neutralizer _neutralizer;

    public HardenedMiscMessageSerializer(ExtendedActorSystem system) : base(system)
    {
        _original = new MiscMessageSerializer(system);
        _neutralizer = new Neutralizer(system, Id, nameof(HardenedMiscMessageSerializer));
    }

    public override int Identifier => Id;

    public override byte[] ToBinary(object obj) => _original.ToBinary(obj);

    public override string Manifest(object o) => _original.Manifest(o);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!Allowed.Contains(manifest))
            return _neutralizer.Neutralize(manifest, Named.GetValueOrDefault(manifest, "only Identify, ActorIdentity, actor refs, heartbeats and Status.Success are accepted"));
        try
        {
            return _original.FromBinary(bytes, manifest);
        }
        catch (Exception e)
        {
            return _neutralizer.Neutralize(manifest, "the message does not parse", e);
        }
    }
}
