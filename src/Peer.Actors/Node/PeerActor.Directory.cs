using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Peer;
using Encryptio.Messages.Transport;

namespace Encryptio.Peer.Node;

// The directory client: resolve, register, prove, then stay online until the directory goes away.
public sealed partial class PeerActor
{
    private void BecomeResolving(bool immediately)
    {
        _directoryLink = null;
        Become(Resolving);
        if (immediately) Self.Tell(new RetryDirectory());
        else ScheduleRetry("the directory went away");
    }

    private void Resolving()
    {
        Receive<RetryDirectory>(_ =>
        {
            _attempt++;
            _log.Info("resolving the directory at {0} (attempt {1})", _settings.DirectoryPath, _attempt);
            Context.ActorSelection(_settings.DirectoryPath).Tell(new Identify(IdentifyCorrelation));
            Timers.StartSingleTimer(RegistrationTimer, new RegistrationTimedOut(_attempt), _settings.RegistrationTimeout);
        });
        Receive<ActorIdentity>(identity =>
        {
            if (identity.Subject is null)
            {
                Timers.Cancel(RegistrationTimer);
                ScheduleRetry($"no directory at {_settings.DirectoryPath}");
                return;
            }
            if (!identity.Subject.Path.Address.Equals(_directoryAddress))
            {
                DropStray(identity);
                return;
            }
            var certificate = ImmutableArray.Create(_identity.Certificate.RawData);
            identity.Subject.Tell(new Register(_identity.Uid, certificate, _advertised!, Register.CurrentVersion));
            _challenger = null;
            Become(Authenticating);
        });
        Receive<RegistrationTimedOut>(timeout => { if (timeout.Attempt == _attempt) ScheduleRetry("the directory did not answer"); });
        ReceiveCommandsWhileOffline();
    }

    private void Authenticating()
    {
        // Only the directory's own actors may challenge or answer, and only the one that challenged (if one did) may register.
        Receive<IDirectoryMessage>(m => !Sender.Path.Address.Equals(_directoryAddress) || (m is Registered && _challenger is not null && !Sender.Equals(_challenger)), DropStray);
        Receive<AuthChallenge>(challenge =>
        {
            // Sign for the directory key this node saw in its own TLS handshake, never for one the sender names:
            // a proof relayed by anyone else is then good only for the directory this node actually reached.
            if (!HandshakeKeys.TryGetFor(Context.System, Sender, out var directoryKey))
            {
                _log.Warning("not answering a registration challenge from {0}: this node opened no TLS connection to it", Sender.Path.Address);
                return;
            }
            _challenger = Sender;
            var transcript = AuthTranscript.Build(directoryKey, challenge.DirectoryId, challenge.Nonce.AsSpan(), _identity.Uid, _advertised!);
            using var key = _identity.Certificate.GetECDsaPrivateKey()!;
            var signature = key.SignData(transcript, HashAlgorithmName.SHA384);
            Sender.Tell(new AuthProof(ImmutableArray.Create(signature)));
        });
        Receive<Registered>(_ =>
        {
            Timers.Cancel(RegistrationTimer);
            _directoryLink = Sender;
            Context.Watch(_directoryLink);
            _attempt = 0;
            _log.Info("registered with the directory as {0}; P2P endpoint {1} (advertised {2})", _identity.Uid, _listening, _advertised);
            Publish(new RegisteredWithDirectory(_identity.Uid, _listening!, _advertised!));
            Become(Online);
        });
        Receive<RegistrationRejected>(rejected =>
        {
            Timers.Cancel(RegistrationTimer);
            _log.Warning("the directory rejected registration of {0}: {1}", _identity.Uid, rejected.Reason);
            Become(Resolving);
            ScheduleRetry($"registration rejected: {rejected.Reason}");
        });
        Receive<RegistrationTimedOut>(timeout =>
        {
            if (timeout.Attempt != _attempt) return;
            Become(Resolving);
            ScheduleRetry("the directory did not complete registration in time");
        });
        ReceiveCommandsWhileOffline();
    }

    private void Online()
    {
        // Checked first: whatever claims to come from the directory must come from the link it registered.
        Receive<IDirectoryMessage>(_ => !Sender.Equals(_directoryLink), DropStray);
        Receive<Terminated>(t => t.ActorRef.Equals(_directoryLink), _ =>
        {
            _log.Warning("lost the directory ({0}); will re-register", _settings.DirectoryPath);
            BecomeResolving(immediately: false);
        });
        Receive<Superseded>(_ =>
        {
            const string reason = "another login with this UID replaced this one at the directory";
            _log.Warning("{0}: {1}", _identity.Uid, reason);
            if (_directoryLink is not null) Context.Unwatch(_directoryLink);
            _directoryLink = null;
            Publish(new CommandFailed(reason));
            Become(SupersededState);
        });
        Receive<ListOnline>(_ => _directoryLink!.Tell(Who.Instance));
        Receive<OnlineUsers>(users => Publish(new OnlineListed(users.Uids)));
        Receive<ConnectTo>(OnConnect);
        Receive<AcceptConversation>(OnAccept);
        Receive<DeclineConversation>(decline =>
        {
            _consent.Declined(decline.Conversation);
            _directoryLink!.Tell(new DeclineProposal(decline.Conversation));
        });
        Receive<Proposed>(proposed =>
        {
            if (!_consent.TryConfirmProposed(proposed, out var refusal))
            {
                RefuseFromDirectory(refusal);
                return;
            }
            _log.Info("proposed conversation {0} with {1}", proposed.Conversation, string.Join(",", proposed.Members));
            Publish(new ProposalSent(proposed.Conversation, proposed.Members));
        });
        Receive<ProposalReceived>(received =>
        {
            if (!_consent.TryOffer(received, out var refusal))
            {
                RefuseFromDirectory(refusal);
                return;
            }
            _log.Info("proposal {0} from {1} (members {2})", received.Conversation, received.From, string.Join(",", received.Members));
            Publish(new ProposalArrived(received.Conversation, received.From, received.Members));
        });
        Receive<ProposalDeclined>(declined =>
        {
            _consent.Abandoned(declined.Conversation);
            Publish(new ConversationDeclined(declined.Conversation, declined.By, declined.Reason));
        });
        Receive<ProposalExpired>(expired =>
        {
            _consent.Abandoned(expired.Conversation);
            Publish(new ProposalTimedOut(expired.Conversation));
        });
        Receive<CommandRefused>(refused => Publish(new CommandFailed(refused.Reason, ContractName(refused.Command))));
        Receive<Introduction>(OnIntroduction);
        Receive<KeyRevoked>(OnKeyRevoked);
        Receive<Unregistering>(_ =>
        {
            // Leaving on purpose: the link's end that follows is not a loss to recover from.
            if (_directoryLink is not null)
            {
                Context.Unwatch(_directoryLink);
                _directoryLink.Tell(Unregister.Instance);
            }
            _directoryLink = null;
            Sender.Tell(Done.Instance);
            Become(ReceiveCommandsWhileOffline);
        });
        ReceiveConversationCommands();
        ReceiveStrayBurstEnd();
        Receive<Terminated>(_ => { });
    }

    private void SupersededState()
    {
        ReceiveCommandsWhileOffline();
    }

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
        _directoryLink!.Tell(new Propose(others));
    }

    private void OnAccept(AcceptConversation accept)
    {
        if (!_consent.TryAccept(accept.Conversation, out var refusal))
        {
            Publish(new CommandFailed(refusal, "accept"));
            return;
        }
        _directoryLink!.Tell(new AcceptProposal(accept.Conversation));
    }

    /// <summary>The directory said something the user never agreed to: refused, logged and shown.</summary>
    private void RefuseFromDirectory(string reason)
    {
        _log.Warning("refused from the directory: {0}", reason);
        Publish(new CommandFailed($"refused from the directory: {reason}"));
    }

    /// <summary>
    /// A directory message from anyone but the directory (another user's node, an imitator) is dropped
    /// unread. Logged once per burst, so a flood of them cannot flood the log.
    /// </summary>
    private void DropStray(object message)
    {
        if (_straysDropped++ == 0)
        {
            _log.Warning("dropped a {0} from {1}: not from the directory this node registered with", message.GetType().Name, Sender.Path.Address);
            Timers.StartSingleTimer(StrayTimer, new StrayBurstEnded(), StrayBurst);
        }
    }

    private void ReceiveStrayBurstEnd() => Receive<StrayBurstEnded>(_ =>
    {
        if (_straysDropped > 1) _log.Warning("dropped {0} more directory messages that did not come from the directory", _straysDropped - 1);
        _straysDropped = 0;
    });

    private void ReceiveCommandsWhileOffline()
    {
        // Nothing may speak for the directory while this node is not registered with it.
        Receive<IDirectoryMessage>(DropStray);
        Receive<Unregistering>(_ => Sender.Tell(Done.Instance));
        // Established conversations go on without the directory: only its own requests must wait.
        ReceiveConversationCommands();
        ReceiveStrayBurstEnd();
        Receive<Terminated>(_ => { }); // a link from an earlier registration; nothing to do now
        Receive<IPeerCommand>(command =>
            Publish(new CommandFailed("not registered with the directory yet (it keeps retrying); try again shortly", CommandName(command))));
    }

    private void ScheduleRetry(string reason)
    {
        var delay = _backoff.Delay(Math.Max(1, _attempt));
        _log.Warning("directory unavailable: {0}; attempt {1} failed, retrying in {2:0.0}s", reason, _attempt, delay.TotalSeconds);
        Publish(new DirectoryUnavailable(reason, _attempt, delay));
        Timers.StartSingleTimer(RetryTimer, new RetryDirectory(), delay);
    }

    /// <summary>The directory names its requests by type; the user knows them by their `--json` command names.</summary>
    private static string ContractName(string directoryCommand) => directoryCommand switch
    {
        nameof(Propose) => "connect",
        nameof(AcceptProposal) => "accept",
        nameof(DeclineProposal) => "decline",
        nameof(Who) => "who",
        nameof(Unregister) => "quit",
        _ => directoryCommand
    };

    private static string CommandName(IPeerCommand command) => command switch
    {
        ConnectTo => "connect",
        AcceptConversation => "accept",
        DeclineConversation => "decline",
        ListOnline => "who",
        SendText => "send",
        LeaveConversation => "leave",
        VerifyPeer => "verify",
        TrustPeer => "trust",
        SetTtl => "ttl",
        ShowHistory => "history",
        QuitNode => "quit",
        _ => command.GetType().Name
    };

    /// <summary>Asks the node to leave the directory before shutdown (CoordinatedShutdown task).</summary>
    public static object UnregisterRequest { get; } = new Unregistering();
}
