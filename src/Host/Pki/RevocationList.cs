using System.Security.Cryptography.X509Certificates;

namespace Encryptio.Host.Pki;

/// <summary>
/// HOME/directory/revoked.txt: one revoked certificate per line, "SERIAL UID" (serial in hex).
/// Re-read whenever the file's modification time changes, so `encryptio revoke` takes effect on a
/// running directory at the next TLS handshake or registration, without a restart.
/// </summary>
public sealed class RevocationList(string path)
{
    private readonly object _gate = new();
    private DateTime _loadedAt = DateTime.MinValue;
    private HashSet<string> _serials = new(StringComparer.OrdinalIgnoreCase);

    public string Path { get; } = path;

    public bool IsRevoked(X509Certificate2 certificate)
    {
        lock (_gate)
        {
            var stamp = File.Exists(Path) ? File.GetLastWriteTimeUtc(Path) : DateTime.MinValue;
            if (stamp != _loadedAt)
            {
                _serials = Load();
                _loadedAt = stamp;
            }
            return _serials.Contains(certificate.SerialNumber);
        }
    }

    public void Revoke(X509Certificate2 certificate, string uid)
    {
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        File.AppendAllText(Path, $"{certificate.SerialNumber} {uid}\n");
    }

    private HashSet<string> Load()
    {
        var serials = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(Path)) return serials;
        foreach (var line in File.ReadLines(Path))
        {
            var serial = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (serial is { Length: > 0 } && !serial.StartsWith('#')) serials.Add(serial);
        }
        return serials;
    }
}
