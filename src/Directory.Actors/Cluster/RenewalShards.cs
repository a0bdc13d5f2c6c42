using Akka.Cluster.Sharding;
using Encryptio.Messages.Cluster;

namespace Encryptio.Directory.Cluster;

/// <summary>
/// Routes <see cref="WantRelayRenewal"/> to the meeting point of one pair in one conversation: the entity
/// named (conversation, the smaller UID, the larger UID), so both members' requests reach the same
/// entity whichever of the two asks and wherever each is registered. The shard is the same stable
/// FNV-1a hash as <see cref="UidShards"/>, so every node agrees.
/// </summary>
public sealed class RenewalShards(int shards = UidShards.DefaultShards) : IMessageExtractor
{
    public string? EntityId(object message) => message is WantRelayRenewal m ? PairId(m) : null;

    public object? EntityMessage(object message) => message;

    public string? ShardId(object message) => EntityId(message) is { } id ? ShardId(id) : null;

    public string ShardId(string entityId, object? messageHint = null) =>
        UidShards.Bucket(entityId, shards).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The same for (a asks for b) and (b asks for a).</summary>
    public static string PairId(WantRelayRenewal m)
    {
        var (low, high) = string.CompareOrdinal(m.By.Value, m.Peer.Value) <= 0 ? (m.By, m.Peer) : (m.Peer, m.By);
        return $"{m.Conversation}:{low.Value}:{high.Value}";
    }
}
