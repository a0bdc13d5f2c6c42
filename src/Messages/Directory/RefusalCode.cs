using System.Runtime.Serialization;

namespace Encryptio.Messages.Directory;

/// <summary>
/// Why the directory refused a request, as a stable code a script can branch on (the `--json` error
/// event's `code`); the human-readable reason travels beside it. A struct around the name so a code a
/// newer directory adds still reaches the user (wire 1.2).
/// </summary>
public readonly record struct RefusalCode
{
    public const int MaxLength = 32;

    /// <summary>The sender has no registration on this link (or spoke to the gate instead of its link).</summary>
    public static readonly RefusalCode NotRegistered = new("not-registered");
    /// <summary>A Register on a link that is already registered or has a challenge out.</summary>
    public static readonly RefusalCode AlreadyRegistered = new("already-registered");
    public static readonly RefusalCode ChallengePending = new("challenge-pending");
    /// <summary>A request through a link made for another peer.</summary>
    public static readonly RefusalCode LinkOfAnotherPeer = new("link-of-another-peer");
    public static readonly RefusalCode RateLimited = new("rate-limited");
    public static readonly RefusalCode NotOnline = new("not-online");
    public static readonly RefusalCode NoMembers = new("no-members");
    public static readonly RefusalCode IncludesSelf = new("includes-self");
    public static readonly RefusalCode DuplicateMember = new("duplicate-member");
    public static readonly RefusalCode TooManyMembers = new("too-many-members");
    public static readonly RefusalCode TooManyPending = new("too-many-pending");
    /// <summary>An answer to a proposal that expired, finished or never existed.</summary>
    public static readonly RefusalCode ProposalExpired = new("proposal-expired");
    public static readonly RefusalCode NotAMember = new("not-a-member");
    public static readonly RefusalCode OwnProposal = new("own-proposal");
    /// <summary>Wire 1.4: a watch or re-proposal naming a member this peer was never introduced to in that conversation.</summary>
    public static readonly RefusalCode NotIntroduced = new("not-introduced");
    /// <summary>Wire 1.4: a re-proposal of a conversation id that a pending proposal already uses.</summary>
    public static readonly RefusalCode ConversationBusy = new("conversation-busy");
    /// <summary>Wire 1.4: this peer (or the directory) watches as many members' presence as it may.</summary>
    public static readonly RefusalCode TooManyWatches = new("too-many-watches");
    /// <summary>A fresh relay token asked of a directory node that runs no relay (wire 1.6).</summary>
    public static readonly RefusalCode NoRelay = new("no-relay");
    /// <summary>Too many fresh relay tokens asked for and not yet matched by the other member (wire 1.6).</summary>
    public static readonly RefusalCode TooManyRelayRequests = new("too-many-relay-requests");
    /// <summary>A wire 1.0 refusal: it carried no code.</summary>
    public static readonly RefusalCode Unspecified = new("unspecified");

    private readonly string? _name;

    private RefusalCode(string name) => _name = name;

    public string Name => _name ?? Unspecified._name!;

    public static RefusalCode FromWire(string name) =>
        WireName.IsValid(name, MaxLength) ? new RefusalCode(name) : throw new SerializationException("malformed refusal code");

    public override string ToString() => Name;
}
