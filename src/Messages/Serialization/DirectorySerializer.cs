using System.Collections.Immutable;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Serialization;

/// <summary>
/// The only serializer for <see cref="IDirectoryMessage"/>: explicit short manifests, an explicit
/// binary layout, every length bounded. An unknown manifest or malformed bytes raise
/// <see cref="SerializationException"/>, which Akka.Remote logs before dropping the message.
/// </summary>
public sealed class DirectorySerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 1071;

    private const int MaxCertificate = 8 * 1024;
    private const int MaxSignature = 256;
    private const int MaxReason = 1024;
    private const int MaxUidBytes = Uid.MaxLength;
    private const int MaxUids = 10_000;
    private const int MaxSerial = 64;
    private const int RelayTokenSize = 16;

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        Register => "reg",
        AuthChallenge => "chal",
        AuthProof => "proof",
        Registered => "ok",
        // Wire 1.5: the cluster's nodes after Registered; a new manifest (an older peer logs and drops it).
        DirectoryNodes => "nodes",
        RegistrationRejected => "rej",
        Superseded => "sup",
        Unregister => "unreg",
        Who => "who",
        OnlineUsers => "online",
        // Wire 1.4: a re-proposal (a conversation id, messages waiting) is "prop2", one with waiting
        // messages is "prec2" (an older node refuses either by name); the plain ones keep their 1.0 names.
        Propose { Conversation: null, Waiting: 0 } => "prop",
        Propose => "prop2",
        Proposed => "propd",
        ProposalReceived { Waiting: 0 } => "prec",
        ProposalReceived => "prec2",
        WatchPresence => "pwatch",
        PeerOnline => "ponline",
        AcceptProposal => "acc",
        DeclineProposal => "dec",
        ProposalDeclined => "pdec",
        ProposalExpired => "pexp",
        // Wire 1.3: an introduction with a relay offer, or without the other's endpoint, is "intro2"
        // (an older peer refuses it by name); one with neither change stays "intro".
        Introduction { Relay: null, PeerEndpoint: not null } => "intro",
        Introduction => "intro2",
        // Wire 1.2: the refused command by its `--json` name and a reason code; "refused" (wire 1.0,
        // a C# type name and text) is still read, never written.
        CommandRefused => "refusal",
        // Wire 1.1: a new manifest, so a 1.0 node refuses it by name (unknown manifest) and nothing else changes.
        KeyRevoked => "krev",
        // Wire 1.6: fresh relay tokens for a pair whose relayed link was lost; new manifests, nothing else changed.
        RequestRelay => "relayreq",
        RelayRenewed => "relaynew",
        _ => throw new ArgumentException($"{o.GetType()} is not a directory message")
    };

    public override byte[] ToBinary(object obj)
    {
        var w = new WireWriter();
        switch (obj)
        {
            case Register m: PutUid(w, m.Uid); w.Bytes(m.CertificateDer); PutEndpoint(w, m.P2P); w.Int(m.Version); break;
            case AuthChallenge m: w.Bytes(m.Nonce); w.String(m.DirectoryId); break;
            case AuthProof m: w.Bytes(m.Signature); break;
            case Registered m: PutUid(w, m.Uid); break;
            case DirectoryNodes m: PutEndpoints(w, m.Nodes); break;
            case RegistrationRejected m: w.String(m.Reason); break;
            case Superseded m: PutUid(w, m.Uid); break;
            case Unregister or Who: break;
            case OnlineUsers m: PutUids(w, m.Uids); break;
            case Propose { Conversation: null, Waiting: 0 } m: PutUids(w, m.Members); break;
            case Propose m:
                PutUids(w, m.Members);
                w.Bool(m.Conversation is not null);
                if (m.Conversation is { } reopened) PutConversation(w, reopened);
                w.Int(m.Waiting);
                break;
            case Proposed m: PutConversation(w, m.Conversation); PutUids(w, m.Members); break;
            case ProposalReceived { Waiting: 0 } m: PutConversation(w, m.Conversation); PutUid(w, m.From); PutUids(w, m.Members); w.Bytes(m.FromCertificateDer); break;
            case ProposalReceived m: PutConversation(w, m.Conversation); PutUid(w, m.From); PutUids(w, m.Members); w.Bytes(m.FromCertificateDer); w.Int(m.Waiting); break;
            case WatchPresence m: PutConversation(w, m.Conversation); PutUid(w, m.Peer); break;
            case PeerOnline m: PutUid(w, m.Peer); break;
            case AcceptProposal m: PutConversation(w, m.Conversation); break;
            case DeclineProposal m: PutConversation(w, m.Conversation); break;
            case ProposalDeclined m: PutConversation(w, m.Conversation); PutUid(w, m.By); w.String(m.Reason); break;
            case ProposalExpired m: PutConversation(w, m.Conversation); break;
            case Introduction { Relay: null, PeerEndpoint: { } endpoint } m:
                PutConversation(w, m.Conversation); PutUid(w, m.Peer); w.Bytes(m.PeerCertificateDer);
                PutEndpoint(w, endpoint); w.Bool(m.Dialer); PutUids(w, m.Members);
                break;
            case Introduction m:
                PutConversation(w, m.Conversation); PutUid(w, m.Peer); w.Bytes(m.PeerCertificateDer);
                w.Bool(m.PeerEndpoint is not null);
                if (m.PeerEndpoint is { } some) PutEndpoint(w, some);
                w.Bool(m.Dialer); PutUids(w, m.Members);
                w.Bool(m.Relay is not null);
                if (m.Relay is { } relay) { PutEndpoint(w, relay.Endpoint); w.Bytes(relay.Token); }
                break;
            case CommandRefused m: w.String(m.Command.Name); w.String(m.Code.Name); w.String(m.Reason); break;
            case KeyRevoked m: PutUid(w, m.Uid); w.String(m.Serial); w.Bytes(m.CertificateSha256); w.Bytes(m.AuthoritySignature); break;
            case RequestRelay m: PutConversation(w, m.Conversation); PutUid(w, m.Peer); break;
            case RelayRenewed m: PutConversation(w, m.Conversation); PutUid(w, m.Peer); PutEndpoint(w, m.Relay.Endpoint); w.Bytes(m.Relay.Token); break;
            default: throw new ArgumentException($"{obj.GetType()} is not a directory message");
        }
        return w.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var r = new WireReader(bytes);
        object message = manifest switch
        {
            "reg" => new Register(GetUid(ref r), r.Bytes(MaxCertificate), GetEndpoint(ref r), r.Int()),
            "chal" => new AuthChallenge(Exactly(r.Bytes(AuthChallenge.NonceSize), AuthChallenge.NonceSize, "nonce"), r.String(MaxReason)),
            "proof" => new AuthProof(r.Bytes(MaxSignature)),
            "ok" => new Registered(GetUid(ref r)),
            "nodes" => new DirectoryNodes(GetEndpoints(ref r)),
            "rej" => new RegistrationRejected(r.String(MaxReason)),
            "sup" => new Superseded(GetUid(ref r)),
            "unreg" => Unregister.Instance,
            "who" => Who.Instance,
            "online" => new OnlineUsers(GetUids(ref r)),
            "prop" => new Propose(GetUids(ref r)),
            "propd" => new Proposed(GetConversation(ref r), GetUids(ref r)),
            "prop2" => GetPropose2(ref r),
            "prec" => new ProposalReceived(GetConversation(ref r), GetUid(ref r), GetUids(ref r), r.Bytes(MaxCertificate)),
            "prec2" => new ProposalReceived(GetConversation(ref r), GetUid(ref r), GetUids(ref r), r.Bytes(MaxCertificate)) { Waiting = Waiting(r.Int(), zeroAllowed: false) },
            "pwatch" => new WatchPresence(GetConversation(ref r), GetUid(ref r)),
            "ponline" => new PeerOnline(GetUid(ref r)),
            "acc" => new AcceptProposal(GetConversation(ref r)),
            "dec" => new DeclineProposal(GetConversation(ref r)),
            "pdec" => new ProposalDeclined(GetConversation(ref r), GetUid(ref r), r.String(MaxReason)),
            "pexp" => new ProposalExpired(GetConversation(ref r)),
            "intro" => new Introduction(GetConversation(ref r), GetUid(ref r), r.Bytes(MaxCertificate), GetEndpoint(ref r), r.Bool(), GetUids(ref r)),
            "intro2" => GetIntroduction2(ref r),
            "refusal" => new CommandRefused(DirectoryCommand.FromWire(r.String(DirectoryCommand.MaxLength)),
                RefusalCode.FromWire(r.String(RefusalCode.MaxLength)), r.String(MaxReason)),
            "refused" => new CommandRefused(DirectoryCommand.FromLegacyTypeName(r.String(MaxReason)), RefusalCode.Unspecified, r.String(MaxReason)),
            "krev" => new KeyRevoked(GetUid(ref r), r.String(MaxSerial),
                Exactly(r.Bytes(KeyRevoked.FingerprintSize), KeyRevoked.FingerprintSize, "certificate fingerprint"), r.Bytes(MaxSignature)),
            "relayreq" => new RequestRelay(GetConversation(ref r), GetUid(ref r)),
            "relaynew" => new RelayRenewed(GetConversation(ref r), GetUid(ref r),
                new RelayOffer(GetEndpoint(ref r), Exactly(r.Bytes(RelayTokenSize), RelayTokenSize, "relay token"))),
            _ => throw new SerializationException($"unknown directory manifest '{Shorten(manifest)}'")
        };
        r.End();
        return message;
    }

    private static Propose GetPropose2(ref WireReader r)
    {
        var members = GetUids(ref r);
        ConversationId? conversation = r.Bool() ? GetConversation(ref r) : null;
        var waiting = Waiting(r.Int(), zeroAllowed: conversation is not null);
        // Written as "prop" when it names no conversation and nothing waits: the same message must not read two ways.
        return new Propose(members) { Conversation = conversation, Waiting = waiting };
    }

    private static int Waiting(int count, bool zeroAllowed) =>
        count < 0 ? throw new SerializationException("a waiting count cannot be negative")
        : count == 0 && !zeroAllowed ? throw new SerializationException("a waiting count of 0 is written with the 1.0 manifest")
        : count;

    private static Introduction GetIntroduction2(ref WireReader r)
    {
        var conversation = GetConversation(ref r);
        var peer = GetUid(ref r);
        var certificate = r.Bytes(MaxCertificate);
        var endpoint = r.Bool() ? GetEndpoint(ref r) : null;
        var dialer = r.Bool();
        var members = GetUids(ref r);
        RelayOffer? relay = null;
        if (r.Bool())
        {
            var relayEndpoint = GetEndpoint(ref r);
            relay = new RelayOffer(relayEndpoint, Exactly(r.Bytes(RelayTokenSize), RelayTokenSize, "relay token"));
        }
        // Written as "intro" when it has an endpoint and no relay: the same message must not read two ways.
        if (relay is null && endpoint is not null) throw new SerializationException("intro2 without a relay must omit the endpoint (else it is intro)");
        return new Introduction(conversation, peer, certificate, endpoint, dialer, members) { Relay = relay };
    }

    private static void PutUid(WireWriter w, Uid uid) => w.String(uid.Value);

    private static Uid GetUid(ref WireReader r)
    {
        var text = r.String(MaxUidBytes);
        return Identity.Uid.TryParse(text, out var uid, out var error) ? uid : throw new SerializationException(error);
    }

    private static void PutUids(WireWriter w, ImmutableArray<Uid> uids)
    {
        var list = uids.IsDefault ? [] : uids;
        w.Int(list.Length);
        foreach (var uid in list) PutUid(w, uid);
    }

    private static ImmutableArray<Uid> GetUids(ref WireReader r)
    {
        var count = r.Count(MaxUids);
        var builder = ImmutableArray.CreateBuilder<Uid>(count);
        for (var i = 0; i < count; i++) builder.Add(GetUid(ref r));
        return builder.MoveToImmutable();
    }

    private static void PutConversation(WireWriter w, ConversationId id) => w.Bytes(id.ToBytes());

    private static ConversationId GetConversation(ref WireReader r)
    {
        var bytes = r.Bytes(ConversationId.Size);
        if (bytes.Length != ConversationId.Size) throw new SerializationException("conversation id must be 16 bytes");
        return ConversationId.FromBytes(bytes.AsSpan());
    }

    private static void PutEndpoint(WireWriter w, PeerEndpoint endpoint)
    {
        w.String(endpoint.Host);
        w.Int(endpoint.Port);
    }

    private static void PutEndpoints(WireWriter w, ImmutableArray<PeerEndpoint> endpoints)
    {
        var list = endpoints.IsDefault ? [] : endpoints;
        w.Int(list.Length);
        foreach (var endpoint in list) PutEndpoint(w, endpoint);
    }

    private static ImmutableArray<PeerEndpoint> GetEndpoints(ref WireReader r)
    {
        var count = r.Count(DirectoryNodes.MaxNodes);
        var builder = ImmutableArray.CreateBuilder<PeerEndpoint>(count);
        for (var i = 0; i < count; i++) builder.Add(GetEndpoint(ref r));
        return builder.MoveToImmutable();
    }

    private static PeerEndpoint GetEndpoint(ref WireReader r)
    {
        var host = r.String(PeerEndpoint.MaxHostLength);
        var port = r.Int();
        try { return new PeerEndpoint(host, port); }
        catch (FormatException e) { throw new SerializationException(e.Message); }
    }

    private static ImmutableArray<byte> Exactly(ImmutableArray<byte> bytes, int size, string field) =>
        bytes.Length == size ? bytes : throw new SerializationException($"{field} must be {size} bytes, not {bytes.Length}");

    private static string Shorten(string text) => text.Length <= 32 ? text : text[..32] + "...";
}
