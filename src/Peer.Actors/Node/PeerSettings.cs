using Akka.Configuration;
using Encryptio.Messages.Identity;

namespace Encryptio.Peer.Node;

/// <summary>A peer node's settings, read from the `encryptio.peer` HOCON section (command line laid over it).</summary>
public sealed record PeerSettings(
    Uid Uid,
    PeerEndpoint Directory,
    string DirectorySystemName,
    string P2PHost,
    int P2PPort,
    PeerEndpoint? Advertise,
    TimeSpan MessageTtl,
    TimeSpan RegisterBackoffMin,
    TimeSpan RegisterBackoffMax,
    TimeSpan RegistrationTimeout,
    TimeSpan HandshakeTimeout)
{
    /// First delay before a session redials a lost P2P link (exponential, with jitter, up to the max).
    public TimeSpan RedialBackoffMin { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RedialBackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A P2P link that stays down this long makes its unacked messages `pending` (the peer may be
    /// asleep, offline or dead); they keep waiting in this node's memory until delivered or their TTL
    /// ends, and the session goes on redialing. Null: never said.
    /// </summary>
    public TimeSpan? PendingAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// Messages (and bytes of text) all of this node's outboxes may hold together; beyond it a send is refused.
    public int OutboxMaxMessages { get; init; } = Conversations.OutboxBudget.DefaultMaxMessages;

    public long OutboxMaxBytes { get; init; } = Conversations.OutboxBudget.DefaultMaxBytes;

    /// <summary>
    /// How long a receipt may put off our next ratchet key (<see cref="Crypto.ReceiptDeferral"/>); null
    /// (`receipt-key-hold = 0s` in peer.conf): Signal's order, a new key at every change of direction.
    /// </summary>
    public TimeSpan? ReceiptKeyHold { get; init; } = Crypto.ReceiptDeferral.Default.MaxHold;

    /// <summary>
    /// How long a directory command (/connect, /accept, /decline, /who) typed while the node is not
    /// registered waits for the directory to come back before the user is told it was not carried out.
    /// </summary>
    public TimeSpan DirectoryRequestWait { get; init; } = TimeSpan.FromSeconds(30);

    /// Directory commands that may wait at once for the directory to come back; more are refused at once.
    public int MaxWaitingDirectoryRequests { get; init; } = 16;

    /// Inbound links that may wait for their Hello at once; more are refused at accept.
    public int MaxUnauthenticatedLinks { get; init; } = 64;

    /// <summary>
    /// How long a pre-generated ratchet key may wait in the node's key pool before it is disposed
    /// unused (<see cref="Crypto.PooledRatchetKeySource.MaxAge"/>): with <see cref="ReceiptKeyHold"/>,
    /// the bound on post-compromise healing that the key pool adds (docs/security.md).
    /// </summary>
    public TimeSpan KeyPoolMaxAge { get; init; } = Crypto.PooledRatchetKeySource.DefaultMaxAge;

    /// <summary>When links go through the directory's relay (<c>relay</c>: never, fallback, always).</summary>
    public RelayMode Relay { get; init; } = RelayMode.Fallback;

    /// <summary>In fallback mode, how long the direct dial may take to connect before the relay is tried.</summary>
    public TimeSpan DirectDialWait { get; init; } = TimeSpan.FromSeconds(3);

    private readonly string? _directoryPath;

    /// <summary>
    /// Where the directory's gate is: its remote path from <see cref="Directory"/> and
    /// <see cref="DirectorySystemName"/> unless set. Only actors at this path's address are
    /// listened to as the directory.
    /// </summary>
    public string DirectoryPath
    {
        get => _directoryPath ?? GatePathOf(Directory);
        init => _directoryPath = value;
    }

    /// <summary>
    /// Every directory node this peer may register with (`--directory H:P[,H:P...]`), the first being
    /// <see cref="Directory"/>: the directory client tries them in a shuffled order and moves to the
    /// next one whenever an attempt fails or the one it registered with goes away.
    /// </summary>
    public System.Collections.Immutable.ImmutableArray<PeerEndpoint> Directories { get; init; } = [];

    /// The gate's path on each directory node (just <see cref="DirectoryPath"/> when that was set, or when only one is known).
    public IReadOnlyList<string> DirectoryPaths =>
        _directoryPath is not null || Directories.Length <= 1 ? [DirectoryPath] : [.. Directories.Select(GatePathOf)];

    /// <summary>
    /// The P2P endpoint registered at the directory once the listener is bound at <paramref name="bound"/>:
    /// with --relay always we name no address of ours, only the relay-only host (docs/protocol.md, "Relay");
    /// otherwise --advertise if given, else the bound endpoint.
    /// </summary>
    public PeerEndpoint AdvertisedFor(PeerEndpoint bound) =>
        Relay == RelayMode.Always ? new PeerEndpoint(Messages.Directory.RelayOffer.RelayOnlyHost, bound.Port) : Advertise ?? bound;

    /// <summary>The directory gate's path on the node whose edge is <paramref name="directory"/>.</summary>
    public string GatePathOf(PeerEndpoint directory) => $"akka.ssl.tcp://{DirectorySystemName}@{directory.Host}:{directory.Port}/user/directory";

    /// <summary>Parses `H:P[,H:P...]`: at least one, each a valid endpoint, none twice.</summary>
    public static bool TryParseDirectories(string? text, out System.Collections.Immutable.ImmutableArray<PeerEndpoint> directories, out string? error)
    {
        directories = [];
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries);
        var parsed = new List<PeerEndpoint>();
        foreach (var part in parts)
        {
            if (!PeerEndpoint.TryParse(part, out var endpoint, out error)) return false;
            if (parsed.Contains(endpoint))
            {
                error = $"{endpoint} is listed twice";
                return false;
            }
            parsed.Add(endpoint);
        }
        directories = [.. parsed];
        error = null;
        return true;
    }

    private static TimeSpan? Finite(TimeSpan span) => span > TimeSpan.Zero && span != Timeout.InfiniteTimeSpan ? span : null;

    public static PeerSettings From(Config config, Uid uid)
    {
        var peer = config.GetConfig("encryptio.peer") ?? throw new ArgumentException("missing encryptio.peer section");
        if (!TryParseDirectories(peer.GetString("directory"), out var directories, out var error))
            throw new FormatException($"encryptio.peer.directory: {error}");
        var directory = directories[0];
        PeerEndpoint? advertise = null;
        var advertiseText = peer.GetString("advertise", "");
        if (!string.IsNullOrEmpty(advertiseText) && !PeerEndpoint.TryParse(advertiseText, out advertise, out error))
            throw new FormatException($"--advertise: {error}");
        return new PeerSettings(
            uid,
            directory,
            peer.GetString("directory-system-name", "encryptio-directory"),
            peer.GetString("p2p-host", "127.0.0.1"),
            peer.GetInt("p2p-port", 0),
            advertise,
            peer.GetTimeSpan("message-ttl", TimeSpan.FromMinutes(5)),
            peer.GetTimeSpan("register-backoff-min", TimeSpan.FromSeconds(1)),
            peer.GetTimeSpan("register-backoff-max", TimeSpan.FromSeconds(30)),
            peer.GetTimeSpan("registration-timeout", TimeSpan.FromSeconds(10)),
            peer.GetTimeSpan("handshake-timeout", TimeSpan.FromSeconds(10)))
        {
            RedialBackoffMin = peer.GetTimeSpan("redial-backoff-min", TimeSpan.FromMilliseconds(500)),
            RedialBackoffMax = peer.GetTimeSpan("redial-backoff-max", TimeSpan.FromSeconds(30)),
            MaxUnauthenticatedLinks = peer.GetInt("max-unauthenticated-links", 64),
            Directories = directories,
            DirectoryRequestWait = Positive("directory-request-wait", peer.GetTimeSpan("directory-request-wait", TimeSpan.FromSeconds(30))),
            MaxWaitingDirectoryRequests = (int)Positive("max-waiting-directory-requests", peer.GetInt("max-waiting-directory-requests", 16)),
            // `undelivered-after` is the key's name before messages waited for an absent peer; still read.
            PendingAfter = Finite(peer.GetTimeSpan(peer.HasPath("pending-after") ? "pending-after" : "undelivered-after", TimeSpan.FromSeconds(10), allowInfinite: true)),
            OutboxMaxMessages = (int)Positive("outbox-max-messages", peer.GetInt("outbox-max-messages", Conversations.OutboxBudget.DefaultMaxMessages)),
            OutboxMaxBytes = Positive("outbox-max-bytes", peer.GetByteSize("outbox-max-bytes") ?? Conversations.OutboxBudget.DefaultMaxBytes),
            ReceiptKeyHold = ReceiptKeyHoldFrom(peer.GetTimeSpan("receipt-key-hold", Crypto.ReceiptDeferral.Default.MaxHold)),
            Relay = RelayModes.TryParse(peer.GetString("relay", "fallback"), out var relay) ? relay
                : throw new FormatException($"encryptio.peer.relay: '{peer.GetString("relay")}' is not never, fallback or always"),
            DirectDialWait = Positive("direct-dial-wait", peer.GetTimeSpan("direct-dial-wait", TimeSpan.FromSeconds(3))),
            KeyPoolMaxAge = KeyPoolMaxAgeFrom(peer.GetTimeSpan("key-pool-max-age", Crypto.PooledRatchetKeySource.DefaultMaxAge)),
        };
    }

    private static TimeSpan Positive(string key, TimeSpan value) =>
        value > TimeSpan.Zero ? value : throw new FormatException($"encryptio.peer.{key}: must be more than 0");

    private static long Positive(string key, long value) =>
        value > 0 ? value : throw new FormatException($"encryptio.peer.{key}: must be at least 1");

    /// A pooled key older than this heals nothing after a compromise, so the bound is kept short.
    private static TimeSpan KeyPoolMaxAgeFrom(TimeSpan maxAge)
    {
        var min = Crypto.PooledRatchetKeySource.MinMaxAge;
        var max = Crypto.PooledRatchetKeySource.MaxMaxAge;
        if (maxAge < min || maxAge > max)
            throw new FormatException($"encryptio.peer.key-pool-max-age: {maxAge.TotalSeconds:0.###} s is outside {min.TotalSeconds:0.###}-{max.TotalSeconds:0} s");
        return maxAge;
    }

    /// Post-compromise healing waits at most this long, so it is bounded: 0 turns the deferral off.
    private static TimeSpan? ReceiptKeyHoldFrom(TimeSpan hold)
    {
        if (hold < TimeSpan.Zero || hold > TimeSpan.FromSeconds(60))
            throw new FormatException($"encryptio.peer.receipt-key-hold: {hold.TotalSeconds:0.###} s is outside 0-60 s");
        return hold == TimeSpan.Zero ? null : hold;
    }
}
