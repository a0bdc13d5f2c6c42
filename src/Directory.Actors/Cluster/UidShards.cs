using System.Text;
using Akka.Cluster.Sharding;
using Encryptio.Messages.Cluster;

namespace Encryptio.Directory.Cluster;

/// <summary>
/// Routes <see cref="IUidMessage"/> to the entity named for its UID. The shard is a stable hash of the
/// UID (FNV-1a): string.GetHashCode differs per process, and every node must agree.
/// </summary>
public sealed class UidShards(int shards = UidShards.DefaultShards) : IMessageExtractor
{
    /// <summary>Ten shards per node for a ten-node cluster, Akka's rule of thumb.</summary>
    public const int DefaultShards = 100;

    // No StartEntity: remember-entities is off, so Sharding never sends one.
    public string? EntityId(object message) => message is IUidMessage m ? m.Uid.Value : null;

    public object? EntityMessage(object message) => message;

    public string? ShardId(object message) => EntityId(message) is { } id ? ShardId(id) : null;

    public string ShardId(string entityId, object? messageHint = null) => Bucket(entityId, shards).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>FNV-1a of the UTF-8 bytes, modulo <paramref name="buckets"/>: the same on every node and every run.</summary>
    public static int Bucket(string text, int buckets)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text)) hash = (hash ^ b) * 16777619u;
        return (int)(hash % (uint)buckets);
    }
}
