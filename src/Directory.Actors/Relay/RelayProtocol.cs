using System.Collections.Immutable;
using Encryptio.Messages.Identity;
using Encryptio.Messages.Relay;

namespace Encryptio.Directory.Relay;

// What the relay actor hears, all in-process (the peers speak the relay preface, docs/protocol.md).

/// <summary>A proposal -> the relay: a token it put in the introductions of <paramref name="A"/> and <paramref name="B"/>.</summary>
public sealed record IssueRelayToken(ImmutableArray<byte> Token, Uid A, Uid B);

/// <summary>The acceptor -> the relay: a connection passed TLS and presented this token.</summary>
public sealed record ClaimRelay(byte[] Token, RelayConnection Connection);

/// <summary>The acceptor -> the relay: a connection was refused before it could claim (already answered and closed); for the log.</summary>
public sealed record RelayRefusedEarly(RelayRefusal Code, string Reason);

/// <summary>A splice -> the relay: the pair is over.</summary>
public sealed record SpliceEnded(Uid A, Uid B, Splice.Result Result);

/// <summary>A waiting end -> the relay: it went away (or spoke before its answer) before its partner came.</summary>
public sealed record WaitingEndGone(RelayConnection Connection, string Reason);
