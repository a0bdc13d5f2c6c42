using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Crypto;
using Encryptio.Peer.Link;
using Encryptio.Peer.Node;
using Encryptio.Runtime.Pki;

namespace Encryptio.Peer.Sessions;

/// <summary>
/// Everything a <see cref="SessionActor"/> needs for one conversation with one member: who we are,
/// who the peer is (its certificate already chained to the CA by the PeerActor), where to dial it
/// (dialer only), and the limits. Built by the PeerActor from an Introduction.
/// </summary>
/// <param name="PeerEndpoint">Where the peer listens; only the dialer uses it (null is fine for a listener).</param>
/// <param name="Dialer">True when our UID sorts first (PROTOCOL.md section 2): we dial, the peer listens.</param>
/// <param name="HandshakeTimeout">From TCP connect/accept to handshake done (PROTOCOL.md: 10 s).</param>
/// <param name="RedialBackoffMin">First redial delay after a lost or failed link (exponential, with jitter).</param>
/// <param name="RedialBackoffMax">Largest redial delay.</param>
/// <param name="KeySource">Handshake ephemerals and ratchet keys (in production the node's pool, <see cref="PooledRatchetKeySource.SharedFor"/> its key-pool-max-age).</param>
public sealed record SessionSpec(
    ConversationId Conversation,
    PeerIdentity Me,
    Uid Peer,
    X509Certificate2 PeerCertificate,
    PeerEndpoint? PeerEndpoint,
    bool Dialer,
    TimeSpan HandshakeTimeout,
    TimeSpan RedialBackoffMin,
    TimeSpan RedialBackoffMax,
    IRatchetKeySource KeySource)
{
    /// <summary>
    /// Where the dialer's links come from: direct TCP unless a relayed link (or a bench) is wanted.
    /// The listener's links come from the node's listener and are handed over with InboundHello.
    /// </summary>
    public ILinkFactory LinkFactory { get; init; } = DirectTcpLinkFactory.Instance;

    /// <summary>
    /// The relay the directory offered for this pair (null: none, or `--relay never`). The dialer's
    /// <see cref="LinkFactory"/> already uses it; the node tells its listener to meet the dialer there.
    /// </summary>
    public RelayOffer? Relay { get; init; }

    /// <summary>
    /// Who carries a request for a fresh relay token to the directory (the node) when a relayed link is
    /// lost: tokens are single use (wire 1.6). Null: never ask (no relay, or a bench).
    /// </summary>
    public Akka.Actor.IActorRef? FreshRelayFrom { get; init; }

    /// While the link is down, the first wait between requests for a fresh relay token (doubling up to 60 s; both members must ask within 30 s).
    public TimeSpan FreshRelayInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// After a fresh token came, how long before another is asked for (the first may still join the pair).
    public TimeSpan FreshRelayHold { get; init; } = TimeSpan.FromSeconds(20);

    /// After our Bye, how long we wait for the peer's end of stream before closing anyway.
    public TimeSpan ByeLinger { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Lets a receipt (an Ack under a new ratchet key) skip the sending half of the DH step for up to a
    /// second (see <see cref="Crypto.ReceiptDeferral"/>); null for Signal's order on every frame.
    /// </summary>
    public ReceiptDeferral? ReceiptDeferral { get; init; } = Crypto.ReceiptDeferral.Default;

    /// <summary>The cipher seam (<see cref="ILinkCipherFactory"/>); every production spec leaves it: the ratchet seals.</summary>
    internal ILinkCipherFactory Ciphers { get; init; } = RatchetSeals.Instance;

    internal ILinkCipher CipherFor(DoubleRatchet ratchet) => Ciphers.For(ratchet);

    /// The child name under the PeerActor: `session-&lt;cid hex&gt;-&lt;peer uid&gt;`.
    public string ActorName => ActorNameFor(Conversation, Peer);

    public static string ActorNameFor(ConversationId conversation, Uid peer) => $"session-{conversation.Hex}-{peer.Value}";

    /// <summary>
    /// The spec for one <see cref="Introduction"/>: loads the peer's certificate and checks that it
    /// chains to our CA and names the introduced UID (a directory is not trusted to get that right).
    /// False, with a reason for the log and the user, when it does not.
    /// </summary>
    public static bool TryFromIntroduction(Introduction introduction, PeerIdentity me, PeerSettings settings,
        [NotNullWhen(true)] out SessionSpec? spec, [NotNullWhen(false)] out string? reason) =>
        TryFromIntroduction(introduction, me, settings, PooledRatchetKeySource.SharedFor(settings.KeyPoolMaxAge), out spec, out reason);

    /// <summary>As above, with the key source given: a node that owns its pool passes it here.</summary>
    public static bool TryFromIntroduction(Introduction introduction, PeerIdentity me, PeerSettings settings, IRatchetKeySource keySource,
        [NotNullWhen(true)] out SessionSpec? spec, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(keySource);
        ArgumentNullException.ThrowIfNull(introduction);
        ArgumentNullException.ThrowIfNull(me);
        ArgumentNullException.ThrowIfNull(settings);
        spec = null;
        var certificate = AuthorityTrust.TryLoad(introduction.PeerCertificateDer.AsSpan(), out var loadError);
        if (certificate is null)
        {
            reason = $"introduction of {introduction.Peer}: {loadError}";
            return false;
        }
        if (!me.Trust.IsIdentityOf(certificate, introduction.Peer, out var trustError))
        {
            certificate.Dispose();
            reason = $"introduction of {introduction.Peer}: {trustError}";
            return false;
        }
        if (!TryChooseLinks(introduction, me, settings, out var relay, out var links, out reason))
        {
            certificate.Dispose();
            return false;
        }
        spec = new SessionSpec(introduction.Conversation, me, introduction.Peer, certificate, introduction.PeerEndpoint,
            introduction.Dialer, settings.HandshakeTimeout, settings.RedialBackoffMin, settings.RedialBackoffMax,
            keySource)
        {
            Relay = relay,
            LinkFactory = links,
            ReceiptDeferral = settings.ReceiptKeyHold is { } hold ? new ReceiptDeferral(hold, TimeProvider.System) : null,
        };
        reason = null;
        return true;
    }

    /// <summary>
    /// Which links this pair uses (docs/protocol.md, "Relay"): never -> direct only; always, or a pair
    /// the directory gave no endpoint for -> the relay only; fallback -> direct, then the relay.
    /// </summary>
    private static bool TryChooseLinks(Introduction introduction, PeerIdentity me, PeerSettings settings,
        out RelayOffer? relay, out ILinkFactory links, [NotNullWhen(false)] out string? reason)
    {
        relay = settings.Relay == RelayMode.Never ? null : introduction.Relay;
        links = DirectTcpLinkFactory.Instance;
        reason = null;
        if (relay is null)
        {
            if (introduction.PeerEndpoint is not null && settings.Relay != RelayMode.Always) return true;
            reason = settings.Relay switch
            {
                RelayMode.Never => $"introduction of {introduction.Peer}: the pair is relay-only and this peer runs with --relay never",
                RelayMode.Always => $"introduction of {introduction.Peer}: this peer runs with --relay always and the directory offers no relay",
                _ => $"introduction of {introduction.Peer}: neither an endpoint nor a relay to reach them",
            };
            return false;
        }
        links = settings.Relay == RelayMode.Always || introduction.PeerEndpoint is null
            ? new RelayLinkFactory(relay, me)
            : new FallbackLinkFactory(relay, me, settings.DirectDialWait);
        return true;
    }
}
