using System.Collections.Immutable;
using System.Security.Cryptography;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>
/// In an <see cref="Introduction"/> (wire 1.3): the relay both members of the pair may meet at, and
/// the token that joins them there (docs/protocol.md, "Relay"). The token is a bearer secret for
/// 60 s: it never reaches a log (<see cref="ToString"/> leaves it out).
/// </summary>
public sealed record RelayOffer(PeerEndpoint Endpoint, ImmutableArray<byte> Token)
{
    /// <summary>
    /// The host a peer in `--relay always` mode registers as its endpoint (RFC 6761 <c>.invalid</c>:
    /// never resolves): a directory that sees it in either member of a pair introduces both without
    /// the other's endpoint, so neither learns the other's address.
    /// </summary>
    public const string RelayOnlyHost = "relay.invalid";

    public static bool IsRelayOnly(PeerEndpoint? endpoint) =>
        endpoint is not null && string.Equals(endpoint.Host, RelayOnlyHost, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"relay {Endpoint}";

    /// Equal when the endpoint and the token's bytes are (an ImmutableArray alone compares by reference).
    public bool Equals(RelayOffer? other) =>
        other is not null && Endpoint == other.Endpoint
        && CryptographicOperations.FixedTimeEquals(Token.IsDefault ? [] : Token.AsSpan(), other.Token.IsDefault ? [] : other.Token.AsSpan());

    public override int GetHashCode() => Endpoint.GetHashCode();
}
