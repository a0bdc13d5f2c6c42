using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Identity;

namespace Encryptio.Peer.Identity;

/// <summary>
/// Trust on first use: HOME/known_peers maps each UID to the SHA-256 fingerprint of the identity key
/// first seen for it ("uid fingerprint" per line). A later key that differs is flagged rather than
/// believed, because the directory's operator holds the CA and could issue a second certificate for
/// any UID; the pin and the safety number are what expose that. Null path = memory only.
/// The file says who this user talks to, so it is kept like the private key: mode 0600 from the
/// moment it is created, and a copy that other users can read is refused rather than used.
/// </summary>
public sealed class KnownPeers
{
    public enum Verdict { FirstSeen, Known, Changed }

    private readonly string? _path;
    private readonly Dictionary<string, string> _pins = new(StringComparer.Ordinal);

    public KnownPeers(string? path)
    {
        _path = path;
        if (path is null || !File.Exists(path)) return;
        RequireOwnerOnly(path);
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && Uid.TryParse(parts[0], out _, out _) && IsFingerprint(parts[1])) _pins[parts[0]] = parts[1];
        }
    }

    public static string Fingerprint(X509Certificate2 certificate) =>
        Convert.ToHexStringLower(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));

    /// <summary>Checks a key against the pin; a first sighting is pinned at once.</summary>
    public Verdict Check(Uid uid, X509Certificate2 certificate)
    {
        var fingerprint = Fingerprint(certificate);
        if (!_pins.TryGetValue(uid.Value, out var pinned))
        {
            Pin(uid, fingerprint);
            return Verdict.FirstSeen;
        }
        return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(pinned), Convert.FromHexString(fingerprint))
            ? Verdict.Known
            : Verdict.Changed;
    }

    /// <summary>The user checked the safety number and accepts this key from now on.</summary>
    public void Trust(Uid uid, X509Certificate2 certificate) => Pin(uid, Fingerprint(certificate));

    private static bool IsFingerprint(string text) =>
        text.Length == 64 && text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    private void Pin(Uid uid, string fingerprint)
    {
        _pins[uid.Value] = fingerprint;
        if (_path is null) return;
        var temporary = _path + ".tmp";
        // A leftover from a crash may have any mode, and a create mode applies only to a new file.
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(new FileStream(temporary, options)))
            foreach (var pin in _pins.OrderBy(p => p.Key, StringComparer.Ordinal))
                writer.WriteLine($"{pin.Key} {pin.Value}");
        // The rename keeps the temporary file's 0600: the pins are never readable by others, not even briefly.
        File.Move(temporary, _path, overwrite: true);
    }

    /// As the identity key (PkiStore): an IOException, which the command line prints as its one line.
    private static void RequireOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        var mode = File.GetUnixFileMode(path);
        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                    | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if ((mode & others) != 0)
            throw new IOException($"{path} (who you talk to) is accessible by other users (mode {Convert.ToString((int)mode, 8)}); run 'chmod 600 {path}'");
    }
}
