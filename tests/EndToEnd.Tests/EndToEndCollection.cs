namespace Encryptio.EndToEnd.Tests;

/// <summary>
/// End-to-end specs start several processes each. Two collections, each one spec at a time, run side by
/// side: this one for specs that keep the processes busy, <see cref="EndToEndWaitingCollection"/> for
/// specs that mostly wait for a timer of the product (a member away for a minute, a TTL running out,
/// `pending-after`, a dead node's failure detection). Two at once keeps 2 cores honest: a busy spec beside one that is asleep.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end";
}

/// <summary>Specs whose time is spent waiting on the product's own timers; see <see cref="EndToEndCollection"/>.</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndWaitingCollection
{
    public const string Name = "end-to-end-waiting";
}
