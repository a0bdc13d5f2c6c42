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

    private readonly HashSet<(ConversationId, Uid)> _pairs = new();
    private readonly Queue<(ConversationId, Uid)> _order = new();

    public int Count => _pairs.Count;

    public void Add(ConversationId conversation, Uid peer)
    {
        if (!_pairs.Add((conversation, peer))) return;
        _order.Enqueue((conversation, peer));
        while (_pairs.Count > capacity) _pairs.Remove(_order.Dequeue());
    }

    public bool Contains(ConversationId conversation, Uid peer) => _pairs.Contains((conversation, peer));
}
