using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Peer;
using Encryptio.Peer.DirectoryClient;

namespace Encryptio.Peer.Node;

// The node's side of the directory: the user's requests go out through the directory client child,
// checked against the user's consent, and what the client vouches came from the directory is judged by it.
public sealed partial class PeerActor
{
    private long _requests;

    private void ReceiveDirectory()
    {
        // Whatever claims to come from the directory goes to the one child that knows whether it does.
        Receive<IDirectoryMessage>(message => _directory.Forward(message));
        Receive<IPeerEvent>(_ => Sender.Equals(_directory), Publish);
        Receive<FromDirectory>(_ => Sender.Equals(_directory), said => OnFromDirectory(said.Message));
        Receive<RevocationVerified>(_ => Sender.Equals(_directory), verified => OnKeyRevoked(verified.Notice));
        Receive<RequestNotCarriedOut>(_ => Sender.Equals(_directory), OnNotCarriedOut);
        Receive<ListOnline>(_ => Request(Who.Instance, "who"));
        Receive<ConnectTo>(OnConnect);
        Receive<AcceptConversation>(OnAccept);
        Receive<DeclineConversation>(decline =>
        {
            _consent.Declined(decline.Conversation);
            Request(new DeclineProposal(decline.Conversation), "decline");
        });
        Receive<Unregistering>(_ => _directory.Forward(LeaveDirectory.Instance));
    }

    private void Request(IDirectoryMessage request, string command) =>
        _directory.Tell(new DirectoryRequest(++_requests, request, command));

    private void OnConnect(ConnectTo connect)
    {
        if (connect.Members.IsDefaultOrEmpty)
        {
            Publish(new CommandFailed("name at least one UID to connect to", "connect"));
            return;
        }
        if (connect.Members.Contains(_identity.Uid))
        {
            Publish(new CommandFailed("you cannot start a conversation with yourself", "connect"));
            return;
        }
        var others = connect.Members.Distinct().ToImmutableArray();
        _consent.Requested(others);
        Request(new Propose(others), "connect");
    }

    private void OnAccept(AcceptConversation accept)
    {
        if (!_consent.TryAccept(accept.Conversation, out var refusal))
        {
            Publish(new CommandFailed(refusal, "accept"));
            return;
        }
        Request(new AcceptProposal(accept.Conversation), "accept");
    }

    /// <summary>The directory never heard of it, so the consent it carried is taken back, and the user is told.</summary>
    private void OnNotCarriedOut(RequestNotCarriedOut failed)
    {
        switch (failed.Request.Request)
        {
            case Propose propose: _consent.Withdrawn(propose.Members); break;
            case AcceptProposal accept: _consent.Unaccepted(accept.Conversation); break;
        }
        _log.Warning("a {0} was not carried out: {1}", failed.Request.Command, failed.Reason);
        Publish(new CommandFailed(failed.Reason, failed.Request.Command));
    }

    private void OnFromDirectory(IDirectoryMessage message)
    {
        switch (message)
        {
            case Proposed proposed:
                if (!_consent.TryConfirmProposed(proposed, out var refusal))
                {
                    RefuseFromDirectory(refusal);
                    return;
                }
                _log.Info("proposed conversation {0} with {1}", proposed.Conversation, string.Join(",", proposed.Members));
                Publish(new ProposalSent(proposed.Conversation, proposed.Members));
                break;
            case ProposalReceived received:
                if (!_consent.TryOffer(received, out refusal))
                {
                    RefuseFromDirectory(refusal);
                    return;
                }
                _log.Info("proposal {0} from {1} (members {2})", received.Conversation, received.From, string.Join(",", received.Members));
                Publish(new ProposalArrived(received.Conversation, received.From, received.Members));
                break;
            case ProposalDeclined declined:
                _consent.Abandoned(declined.Conversation);
                Publish(new ConversationDeclined(declined.Conversation, declined.By, declined.Reason));
                break;
            case ProposalExpired expired:
                _consent.Abandoned(expired.Conversation);
                Publish(new ProposalTimedOut(expired.Conversation));
                break;
            case Introduction intro:
                OnIntroduction(intro);
                break;
        }
    }

    /// <summary>The directory said something the user never agreed to: refused, logged and shown.</summary>
    private void RefuseFromDirectory(string reason)
    {
        _log.Warning("refused from the directory: {0}", reason);
        Publish(new CommandFailed($"refused from the directory: {reason}"));
    }

    /// <summary>Asks the node to leave the directory before shutdown (CoordinatedShutdown task).</summary>
    public static object UnregisterRequest { get; } = new Unregistering();
}
