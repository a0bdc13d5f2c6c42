namespace Encryptio.Peer.Support;

/// <summary>
/// min x 2^(attempt-1), capped at max, with up to 20% random jitter so that many peers that lost
/// the same directory do not all come back in the same second.
/// </summary>
public sealed class ExponentialBackoff(TimeSpan min, TimeSpan max, Random? random = null)
{
    private const double Jitter = 0.2;
    private readonly Random _random = random ?? Random.Shared;

    public TimeSpan Delay(int attempt)
    {
        var exponent = (int)Math.Clamp((long)attempt - 1, 0, 30);
        var raw = Math.Min(min.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        var jittered = raw * (1 + Jitter * _random.NextDouble());
        return TimeSpan.FromMilliseconds(Math.Min(jittered, max.TotalMilliseconds * (1 + Jitter)));
    }
}
