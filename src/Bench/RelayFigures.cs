namespace Encryptio.Bench;

/// <summary>
/// Relayed against direct on the same machine: one-way chat throughput of the same pair of
/// ConversationActors (msg/s) and their ratio per run, at one message size; and the round trip of a
/// 256 B ping-pong over sessions (ms, every round trip a sample) and what the relay adds to its p50 and p99.
/// </summary>
public sealed record RelayFigures(
    int TextBytes, int Messages, Figure Relayed, Figure Direct, Figure Ratio,
    double DirectP50Ms, double DirectP99Ms, double RelayedP50Ms, double RelayedP99Ms, int RoundTrips)
{
    public double AddedP50Ms => RelayedP50Ms - DirectP50Ms;
    public double AddedP99Ms => RelayedP99Ms - DirectP99Ms;
}
