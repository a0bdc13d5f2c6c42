using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;

namespace Encryptio.Peer.DirectoryClient;

// What the peer node and its directory client (/user/peer/directory) say to each other. Nothing here
// crosses the network: the directory itself is spoken to only in IDirectoryMessage.
//
// Node -> client: JoinDirectory once the P2P port is bound, DirectoryRequest for each user command
// the directory must carry out, LeaveDirectory at shutdown. Client -> node: FromDirectory for what
// the node's consent decides, RevocationVerified, RequestNotCarriedOut, and the IPeerEvents the user
// is shown as they are (registered, directory-unavailable, online, error).

/// <summary>The P2P port is bound: find the directory and register these endpoints with it.</summary>
public sealed record JoinDirectory(PeerEndpoint Listening, PeerEndpoint Advertised);

/// <summary>
/// A user command for the directory (<see cref="Propose"/>, <see cref="AcceptProposal"/>,
/// <see cref="DeclineProposal"/> or <see cref="Who"/>), already checked against the user's consent.
/// Sent at once when online; otherwise it waits (stashed) until the client is registered again, for
/// at most the configured time. <paramref name="Id"/> grows with every request the node sends, so the
/// client can tell a request that comes back from its stash from a new one.
/// </summary>
/// <param name="Command">The `--json` command name the user typed, for the answer if it is not carried out.</param>
public sealed record DirectoryRequest(long Id, IDirectoryMessage Request, string Command);

/// <summary>
/// A session whose relayed link was lost asks for a fresh token for its pair (wire 1.6). Sent only
/// while registered; otherwise dropped, since the session asks again on its own timer.
/// </summary>
public sealed record AskForRelay(RequestRelay Request);

/// <summary>Leave the directory on purpose (shutdown): answered with <see cref="Akka.Done"/>; the link's end that follows is no loss.</summary>
public sealed record LeaveDirectory
{
    public static readonly LeaveDirectory Instance = new();

    private LeaveDirectory() { }
}

/// <summary>
/// A directory message that came over the link this node registered (never from anyone else) and
/// that the node's own consent must judge: <see cref="Proposed"/>, <see cref="ProposalReceived"/>,
/// <see cref="ProposalDeclined"/>, <see cref="ProposalExpired"/>, <see cref="Introduction"/> or <see cref="PeerOnline"/>.
/// Being from the directory makes it no more than a claim: the directory is not trusted.
/// </summary>
public sealed record FromDirectory(IDirectoryMessage Message);

/// <summary>A revocation notice that came over the directory link and that the CA signed: it may end sessions.</summary>
public sealed record RevocationVerified(KeyRevoked Notice);

/// <summary>
/// A request that never reached the directory: it waited past its deadline, found the waiting room
/// full, or the node left or was superseded. The user is told, and the node takes back its consent.
/// </summary>
public sealed record RequestNotCarriedOut(DirectoryRequest Request, string Reason);
