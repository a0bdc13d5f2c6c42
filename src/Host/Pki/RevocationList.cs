using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Directory;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Pki;

namespace Encryptio.Host.Pki;

/// <summary>
/// HOME/directory/revoked.txt: one revoked certificate per line, "SERIAL UID [SHA256 SIGNATURE]"
/// (serial and SHA-256 of the certificate in hex, the CA's signature of the <see cref="KeyRevoked"/>
/// statement in base64; lines written before signed notices have only the first two fields).
/// Re-read whenever the file's modification time or length changes, so `encryptio revoke` takes
/// effect on a running directory at the next TLS handshake or registration, and, through the
/// directory's poll of <see cref="Version"/>, on live registrations within seconds.
/// </summary>
public sealed class RevocationList(string path) : IRevocations
{
    private sealed record Line(string Uid, ImmutableArray<byte> Fingerprint, ImmutableArray<byte> Signature);

    private readonly object _gate = new();
    private (DateTime, long) _loadedAt = (DateTime.MinValue, -1);
    private Dictionary<string, Line> _revoked = new(StringComparer.OrdinalIgnoreCase);

    public string Path { get; } = path;

    public long Version
    {
        get
        {
            lock (_gate) return Refresh().GetHashCode();
        }
    }

    public bool IsRevoked(X509Certificate2 certificate)
    {
        lock (_gate)
        {
            Refresh();
            return _revoked.ContainsKey(certificate.SerialNumber);
        }
    }

    public KeyRevoked? NoticeFor(Uid uid, ImmutableArray<byte> certificateDer)
    {
        using var certificate = AuthorityTrust.TryLoad(certificateDer.AsSpan(), out _);
        if (certificate is null) return null;
        Line? line;
        lock (_gate)
        {
            Refresh();
            if (!_revoked.TryGetValue(certificate.SerialNumber, out line)) return null;
        }
        var fingerprint = SHA256.HashData(certificate.RawData);
        // A signed line names the certificate it signs; a notice is only ever about the registered one.
        if (!line.Fingerprint.IsDefaultOrEmpty && !CryptographicOperations.FixedTimeEquals(line.Fingerprint.AsSpan(), fingerprint))
            return new KeyRevoked(uid, certificate.SerialNumber, ImmutableArray.Create(fingerprint), ImmutableArray<byte>.Empty);
        return new KeyRevoked(uid, certificate.SerialNumber.ToUpperInvariant(), ImmutableArray.Create(fingerprint), line.Signature);
    }

    /// <summary>Appends the certificate; with the CA's key, also the signed notice peers will verify.</summary>
    public void Revoke(X509Certificate2 certificate, string uid, X509Certificate2? authorityWithKey = null)
    {
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var line = $"{certificate.SerialNumber} {uid}";
        if (authorityWithKey is not null)
        {
            var notice = KeyRevoked.Sign(authorityWithKey, Uid.Parse(uid), certificate);
            line += $" {Convert.ToHexString(notice.CertificateSha256.AsSpan())} {Convert.ToBase64String(notice.AuthoritySignature.AsSpan())}";
        }
        File.AppendAllText(Path, line + "\n");
    }

    private (DateTime, long) Refresh()
    {
        var stamp = File.Exists(Path) ? (File.GetLastWriteTimeUtc(Path), new FileInfo(Path).Length) : (DateTime.MinValue, -1L);
        if (stamp != _loadedAt)
        {
            _revoked = Load();
            _loadedAt = stamp;
        }
        return stamp;
    }

    private Dictionary<string, Line> Load()
    {
        var revoked = new Dictionary<string, Line>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(Path)) return revoked;
        foreach (var text in File.ReadLines(Path))
        {
            var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || fields[0].StartsWith('#')) continue;
            revoked[fields[0]] = new Line(
                fields.Length > 1 ? fields[1] : "",
                fields.Length > 3 ? TryHex(fields[2]) : ImmutableArray<byte>.Empty,
                fields.Length > 3 ? TryBase64(fields[3]) : ImmutableArray<byte>.Empty);
        }
        return revoked;
    }

    // A damaged field leaves the serial revoked; only the signed notice is lost.
    private static ImmutableArray<byte> TryHex(string text)
    {
        try { return ImmutableArray.Create(Convert.FromHexString(text)); }
        catch (FormatException) { return ImmutableArray<byte>.Empty; }
    }

    private static ImmutableArray<byte> TryBase64(string text)
    {
        try { return ImmutableArray.Create(Convert.FromBase64String(text)); }
        catch (FormatException) { return ImmutableArray<byte>.Empty; }
    }
}
