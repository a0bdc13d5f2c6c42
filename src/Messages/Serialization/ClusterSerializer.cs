using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;
using Encryptio.Messages.Cluster;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Serialization;

/// <summary>
/// The serializer for <see cref="IClusterMessage"/> between directory nodes: short manifests, an
/// explicit layout. Only directory nodes can send these (the cluster system's TLS accepts nothing
/// else), but a malformed message is still refused with <see cref="SerializationException"/>.
/// </summary>
public sealed class ClusterSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 1072;
    private const int MaxPath = 1024;

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        ClaimUid => "claim",
        ReleaseUid => "release",
        UidSuperseded => "superseded",
        UidClaimed => "claimed",
        DescribeUid => "describe",
        UidDescribed => "described",
        UidNotHere => "nothere",
        UidRegistered => "registered",
        WantRelayRenewal => "renewal",
        RelayRenewalNoted => "renewalnoted",
        _ => throw new ArgumentException($"{o.GetType()} is not a cluster message"),
    };

    public override byte[] ToBinary(object obj)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            switch (obj)
            {
                case ClaimUid m:
                    writer.Write(m.Uid.Value);
                    writer.Write(Akka.Serialization.Serialization.SerializedActorPath(m.Node));
                    writer.Write(m.Link);
                    writer.Write(m.Fresh);
                    break;
                case ReleaseUid m:
                    writer.Write(m.Uid.Value);
                    writer.Write(Akka.Serialization.Serialization.SerializedActorPath(m.Node));
                    writer.Write(m.Link);
                    break;
                case UidSuperseded m:
                    writer.Write(m.Uid.Value);
                    writer.Write(m.Link);
                    break;
                case UidClaimed m:
                    writer.Write(m.Uid.Value);
                    writer.Write(m.Link);
                    break;
                case DescribeUid m:
                    writer.Write(m.Uid.Value);
                    break;
                case UidNotHere m:
                    writer.Write(m.Uid.Value);
                    break;
                case UidRegistered m:
                    writer.Write(m.Uid.Value);
                    break;
                case UidDescribed m:
                    writer.Write(m.Uid.Value);
                    writer.Write(Akka.Serialization.Serialization.SerializedActorPath(m.Relay));
                    writer.Write(m.CertificateDer.Length);
                    writer.Write(m.CertificateDer.AsSpan());
                    writer.Write(m.Endpoint.Host);
                    writer.Write(m.Endpoint.Port);
                    break;
                case WantRelayRenewal m:
                    writer.Write(m.Conversation.ToBytes());
                    writer.Write(m.By.Value);
                    writer.Write(m.Peer.Value);
                    writer.Write(Akka.Serialization.Serialization.SerializedActorPath(m.Link));
                    break;
                case RelayRenewalNoted m:
                    writer.Write(m.Conversation.ToBytes());
                    writer.Write(m.By.Value);
                    writer.Write(m.Peer.Value);
                    break;
                default:
                    throw new ArgumentException($"{obj.GetType()} is not a cluster message");
            }
        }
        return buffer.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            object message = manifest switch
            {
                "claim" => new ClaimUid(ReadUid(reader), ReadRef(reader), reader.ReadInt64(), reader.ReadBoolean()),
                "release" => new ReleaseUid(ReadUid(reader), ReadRef(reader), reader.ReadInt64()),
                "superseded" => new UidSuperseded(ReadUid(reader), reader.ReadInt64()),
                "claimed" => new UidClaimed(ReadUid(reader), reader.ReadInt64()),
                "describe" => new DescribeUid(ReadUid(reader)),
                "nothere" => new UidNotHere(ReadUid(reader)),
                "registered" => new UidRegistered(ReadUid(reader)),
                "described" => new UidDescribed(ReadUid(reader), ReadRef(reader), ReadCertificate(reader), new PeerEndpoint(reader.ReadString(), reader.ReadInt32())),
                "renewal" => new WantRelayRenewal(ReadConversation(reader), ReadUid(reader), ReadUid(reader), ReadRef(reader)),
                "renewalnoted" => new RelayRenewalNoted(ReadConversation(reader), ReadUid(reader), ReadUid(reader)),
                _ => throw new SerializationException($"unknown cluster manifest '{manifest}'"),
            };
            if (reader.BaseStream.Position != bytes.Length) throw new SerializationException($"trailing bytes after a '{manifest}'");
            return message;
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or IOException)
        {
            throw new SerializationException($"malformed cluster message '{manifest}': {e.Message}", e);
        }
    }

    private static Uid ReadUid(BinaryReader reader) =>
        Uid.TryParse(reader.ReadString(), out var uid, out var error) ? uid : throw new SerializationException(error);

    private static ConversationId ReadConversation(BinaryReader reader)
    {
        var bytes = reader.ReadBytes(ConversationId.Size);
        if (bytes.Length != ConversationId.Size) throw new EndOfStreamException();
        return ConversationId.FromBytes(bytes);
    }

    private const int MaxCertificate = 8 * 1024;

    private static System.Collections.Immutable.ImmutableArray<byte> ReadCertificate(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        if (length is < 1 or > MaxCertificate) throw new SerializationException($"certificate length {length} outside 1-{MaxCertificate}");
        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length) throw new EndOfStreamException();
        return [.. bytes];
    }

    private IActorRef ReadRef(BinaryReader reader)
    {
        var path = reader.ReadString();
        if (path.Length > MaxPath) throw new SerializationException("actor path too long");
        return system.Provider.ResolveActorRef(path);
    }
}
