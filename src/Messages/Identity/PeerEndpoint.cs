using System.Diagnostics.CodeAnalysis;

namespace Encryptio.Messages.Identity;

/// <summary>A host and TCP port where a peer accepts P2P links.</summary>
public sealed record PeerEndpoint
{
    public const int MaxHostLength = 253;

    public string Host { get; }
    public int Port { get; }

    public PeerEndpoint(string host, int port)
    {
        if (string.IsNullOrWhiteSpace(host) || host.Length > MaxHostLength || host.Any(char.IsWhiteSpace))
            throw new FormatException($"'{host}' is not a valid host name");
        if (port is < 1 or > 65535)
            throw new FormatException($"port {port} is outside 1-65535");
        Host = host;
        Port = port;
    }

    /// <summary>Parses "host:port" (IPv6 as "[::1]:port").</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out PeerEndpoint? endpoint, out string error)
    {
        endpoint = null;
        error = $"'{text}' is not HOST:PORT";
        if (string.IsNullOrWhiteSpace(text)) return false;
        var colon = text.LastIndexOf(':');
        if (colon <= 0) return false;
        if (!int.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port))
            return false;
        var host = text[..colon];
        if (host.StartsWith('['))
        {
            // IPv6 must be bracketed, exactly once: [::1]:4053.
            if (!host.EndsWith(']') || host.Length < 3) return false;
            host = host[1..^1];
            if (host.Contains('[') || host.Contains(']')) return false;
        }
        else if (host.Contains(':') || host.Contains(']'))
        {
            return false;
        }
        try { endpoint = new PeerEndpoint(host, port); return true; }
        catch (FormatException e) { error = e.Message; return false; }
    }

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
