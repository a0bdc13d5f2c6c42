using Encryptio.Messages.Identity;

namespace Encryptio.Directory;

/// <summary>
/// The members one PeerLink's peer was introduced to, per conversation: what entitles it to watch a
/// member's presence (<see cref="Messages.Directory.WatchPresence"/>) or to re-propose a conversation
/// id. In memory, for the link's life only, and bounded: the oldest introduction is forgotten first,
/// so a peer in many conversations loses at worst the right to be told about an old one's member.
/// </summary>
public sealed class IntroducedPairs(int capacity = IntroducedPairs.DefaultCapacity)
{
    public const int DefaultCapacity = 1024;

    // Made on the first introduction: most links of a busy directory are never introduced to anyone.
    private HashSet<(ConversationId, Uid)>? _pairs;
    private Queue<(ConversationId, Uid)>? _order;

    public int Count => _pairs?.Count ?? 0;

    public void Add(ConversationId conversation, Uid peer)
    {
        _pairs ??= [];
        _order ??= new Queue<(ConversationId, Uid)>();
        if (!_pairs.Add((conversation, peer))) return;
        _order.Enqueue((conversation, peer));
        while (_pairs.Count > capacity) _pairs.Remove(_order.Dequeue());
    }

    public bool Contains(ConversationId conversation, Uid peer) => _pairs?.Contains((conversation, peer)) == true;
}
