using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Messages.Serialization;

namespace Encryptio.Directory.Cluster;

/// <summary>
/// The two directory-internal messages a proposal sends across the cluster system (and only there):
/// <see cref="PeerLink.ToPeer"/> to a member's <see cref="LinkRelay"/> on another node, and
/// <see cref="Proposals.Answer"/> from that relay back to the proposal's node. The carried directory
/// message is written by <see cref="DirectorySerializer"/>.
/// </summary>
public sealed class RelaySerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 1073;
    private readonly DirectorySerializer _directory = new(system);

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        PeerLink.ToPeer => "topeer",
        Proposals.Answer => "answer",
        _ => throw new ArgumentException($"{o.GetType()} is not a relayed message"),
    };

    public override byte[] ToBinary(object obj)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            switch (obj)
            {
                case PeerLink.ToPeer m:
                    var bytes = _directory.ToBinary(m.Message);
                    writer.Write(_directory.Manifest(m.Message));
                    writer.Write(bytes.Length);
                    writer.Write(bytes);
                    break;
                case Proposals.Answer m:
                    writer.Write(m.Conversation.ToBytes());
                    writer.Write(m.By.Value);
                    writer.Write(m.Accept);
                    writer.Write(Akka.Serialization.Serialization.SerializedActorPath(m.Link));
                    break;
                default:
                    throw new ArgumentException($"{obj.GetType()} is not a relayed message");
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
                "topeer" => ReadToPeer(reader),
                "answer" => new Proposals.Answer(ConversationId.FromBytes(reader.ReadBytes(ConversationId.Size)),
                    Uid.TryParse(reader.ReadString(), out var uid, out var error) ? uid : throw new SerializationException(error),
                    reader.ReadBoolean(), system.Provider.ResolveActorRef(reader.ReadString())),
                _ => throw new SerializationException($"unknown relayed manifest '{manifest}'"),
            };
            if (reader.BaseStream.Position != bytes.Length) throw new SerializationException($"trailing bytes after a '{manifest}'");
            return message;
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or IOException or ArgumentException)
        {
            throw new SerializationException($"malformed relayed message '{manifest}': {e.Message}", e);
        }
    }

    private PeerLink.ToPeer ReadToPeer(BinaryReader reader)
    {
        var manifest = reader.ReadString();
        var length = reader.ReadInt32();
        if (length is < 0 or > 64 * 1024) throw new SerializationException($"relayed message length {length}");
        var inner = _directory.FromBinary(reader.ReadBytes(length), manifest);
        return new PeerLink.ToPeer((IDirectoryMessage)inner);
    }
}
