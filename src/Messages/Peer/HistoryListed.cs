using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`history`: the unexpired messages (text mode prints them; JSON lists them).</summary>
public sealed record HistoryListed(ImmutableArray<MessageReceived> Messages) : IPeerEvent;
