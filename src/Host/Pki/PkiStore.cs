using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Pki;

namespace Encryptio.Host.Pki;

/// <summary>
/// The PKI files under HOME, as PEM: ca/ca.{crt,key}, directory/directory.{crt,key},
/// users/UID/identity.{crt,key}. Private keys are PKCS#8, created mode 0600 and refused when
/// anyone but the owner can read them.
/// </summary>
public sealed class PkiStore(string home)
{
    public string Home { get; } = Path.GetFullPath(home);

    public string AuthorityCertificatePath => Path.Combine(Home, "ca", "ca.crt");
    public string AuthorityKeyPath => Path.Combine(Home, "ca", "ca.key");
    public string DirectoryCertificatePath => Path.Combine(Home, "directory", "directory.crt");
    public string DirectoryKeyPath => Path.Combine(Home, "directory", "directory.key");
    public string UserCertificatePath(Uid uid) => Path.Combine(Home, "users", uid.Value, "identity.crt");
    public string UserKeyPath(Uid uid) => Path.Combine(Home, "users", uid.Value, "identity.key");
    public string RevocationListPath => Path.Combine(Home, "directory", "revoked.txt");

    public bool HasAuthority => File.Exists(AuthorityCertificatePath);
    public bool HasAuthorityKey => File.Exists(AuthorityKeyPath);
    public bool HasDirectory => File.Exists(DirectoryCertificatePath) && File.Exists(DirectoryKeyPath);
    public bool HasUser(Uid uid) => File.Exists(UserCertificatePath(uid)) && File.Exists(UserKeyPath(uid));

    /// <summary>Creates the CA and the directory certificate. Refuses to overwrite an existing CA.</summary>
    public void Initialize(IEnumerable<string> directoryHosts)
    {
        if (HasAuthority) throw new PkiException($"{AuthorityCertificatePath} already exists; refusing to replace the CA");
        using var authority = CertificateIssuer.CreateAuthority();
        Save(authority, AuthorityCertificatePath, AuthorityKeyPath);
        using var directory = CertificateIssuer.IssueDirectory(authority, directoryHosts);
        Save(directory, DirectoryCertificatePath, DirectoryKeyPath);
    }

    /// <summary>
    /// Certifies again, under the same CA and with the same keys (so pins and safety numbers hold), every
    /// certificate in this HOME issued before certificates carried a role: the directory's (same hosts,
    /// plus <paramref name="extraHosts"/>) and each enrolled user's. Returns what was re-issued.
    /// </summary>
    public IReadOnlyList<string> Upgrade(IEnumerable<string> extraHosts)
    {
        using var authority = LoadAuthorityWithKey();
        var done = new List<string>();
        if (HasDirectory)
        {
            using var old = LoadPair(DirectoryCertificatePath, DirectoryKeyPath, "");
            var hosts = CertificateIssuer.HostsOf(old).Concat(extraHosts).ToList();
            if (CertificateRoles.Of(old, out _) is null || extraHosts.Any())
            {
                using var key = old.GetECDsaPrivateKey() ?? throw new PkiException($"{DirectoryKeyPath} is not an ECDSA key");
                using var issued = CertificateIssuer.IssueDirectory(authority, hosts, key);
                SaveCertificate(issued, DirectoryCertificatePath);
                done.Add(DirectoryCertificatePath);
            }
        }
        var users = Path.Combine(Home, "users");
        var enrolled = System.IO.Directory.Exists(users) ? System.IO.Directory.GetDirectories(users) : [];
        foreach (var folder in enrolled.Order(StringComparer.Ordinal))
        {
            if (!Uid.TryParse(Path.GetFileName(folder), out var uid, out _) || !HasUser(uid)) continue;
            using var old = LoadPair(UserCertificatePath(uid), UserKeyPath(uid), "");
            if (CertificateRoles.Of(old, out _) is not null) continue;
            using var key = old.GetECDsaPrivateKey() ?? throw new PkiException($"{UserKeyPath(uid)} is not an ECDSA key");
            using var issued = CertificateIssuer.IssueUser(authority, uid, key);
            SaveCertificate(issued, UserCertificatePath(uid));
            done.Add(UserCertificatePath(uid));
        }
        return done;
    }

    public void Enroll(Uid uid)
    {
        if (HasUser(uid)) throw new PkiException($"'{uid}' is already enrolled ({UserCertificatePath(uid)})");
        using var authority = LoadAuthorityWithKey();
        using var user = CertificateIssuer.IssueUser(authority, uid);
        Save(user, UserCertificatePath(uid), UserKeyPath(uid));
    }

    /// <summary>
    /// Makes, in <paramref name="nodeHome"/>, the HOME of a further directory node for another machine:
    /// ca/ca.crt (the certificate only, never the CA key), directory/directory.{crt,key} with a key of its
    /// own and the directory role, and a copy of this HOME's revocation list. The folder is copied to that
    /// machine as it is. Refuses a folder that already holds a CA or a directory certificate, and this HOME.
    /// </summary>
    public PkiStore IssueDirectoryNode(string nodeHome, IEnumerable<string> hosts)
    {
        var node = new PkiStore(nodeHome);
        if (string.Equals(node.Home.TrimEnd(Path.DirectorySeparatorChar), Home.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
            throw new PkiException($"--out {node.Home} is this HOME: name a new folder for the other node (its directory certificate must not replace this one's)");
        if (node.HasAuthority || File.Exists(node.DirectoryCertificatePath) || File.Exists(node.DirectoryKeyPath))
            throw new PkiException($"{node.Home} already holds a CA or a directory certificate; refusing to replace it (name a new folder with --out)");
        using var authority = LoadAuthorityWithKey();
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(node.AuthorityCertificatePath)!);
        SaveCertificate(authority, node.AuthorityCertificatePath);
        using var directory = CertificateIssuer.IssueDirectory(authority, hosts);
        Save(directory, node.DirectoryCertificatePath, node.DirectoryKeyPath);
        // The node polls its own copy; `revoke` here afterwards must be copied there again (docs/operations.md).
        if (File.Exists(RevocationListPath)) File.Copy(RevocationListPath, node.RevocationListPath);
        return node;
    }

    public RevocationList Revocations => new(RevocationListPath);

    /// <summary>Revokes UID's current certificate: the directory refuses it from the next handshake on.</summary>
    public string Revoke(Uid uid)
    {
        var path = UserCertificatePath(uid);
        Require(path, $"no certificate for '{uid}' in this HOME: nothing to revoke");
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(path));
        // With the CA key at hand (it is, where `revoke` runs), the line carries a CA-signed notice
        // that the directory forwards and peers verify against ca.crt.
        using var authority = HasAuthorityKey ? LoadAuthorityWithKey() : null;
        Revocations.Revoke(certificate, uid.Value, authority);
        return certificate.SerialNumber;
    }

    public X509Certificate2 LoadAuthority()
    {
        Require(AuthorityCertificatePath, "run 'encryptio init' (or start the directory once) to create the CA");
        try
        {
            using var pem = X509Certificate2.CreateFromPem(File.ReadAllText(AuthorityCertificatePath));
            return X509CertificateLoader.LoadCertificate(pem.RawData);
        }
        catch (CryptographicException e)
        {
            throw new PkiException($"cannot read {AuthorityCertificatePath}: {e.Message}");
        }
    }

    public X509Certificate2 LoadAuthorityWithKey() => LoadPair(AuthorityCertificatePath, AuthorityKeyPath,
        "only the machine holding the CA key can enroll users; copy the CA there or enroll on it");

    public X509Certificate2 LoadDirectory() => WithRole(LoadPair(DirectoryCertificatePath, DirectoryKeyPath,
        "run 'encryptio init' to create the directory's certificate"), CertificateRole.Directory, DirectoryCertificatePath,
        $"run 'encryptio init --upgrade --home {Home}' to re-issue it (same CA, same key)");

    public X509Certificate2 LoadUser(Uid uid) => WithRole(LoadPair(UserCertificatePath(uid), UserKeyPath(uid),
        $"run 'encryptio enroll {uid}' on the machine holding the CA, then copy users/{uid}/ here"), CertificateRole.User, UserCertificatePath(uid),
        $"on the machine holding the CA run 'encryptio init --upgrade' (it re-issues it with the same key), then copy users/{uid}/ here again");

    /// <summary>A certificate without its role is refused, never used as it is: it could pose as any role.</summary>
    private static X509Certificate2 WithRole(X509Certificate2 certificate, CertificateRole role, string path, string fix)
    {
        if (CertificateRoles.Is(certificate, role, out var reason)) return certificate;
        certificate.Dispose();
        var what = reason.Contains("no Encryptio role", StringComparison.Ordinal)
            ? "was issued before certificates carried a role"
            : $"is not a {CertificateRoles.Name(role)} certificate";
        throw new PkiException($"{path} {what}: {fix}");
    }

    private static X509Certificate2 LoadPair(string certificatePath, string keyPath, string hint)
    {
        Require(certificatePath, hint);
        Require(keyPath, hint);
        RequireOwnerOnly(keyPath);
        try
        {
            return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (CryptographicException e)
        {
            throw new PkiException($"cannot load {certificatePath} with {keyPath}: {e.Message}");
        }
    }

    private static void SaveCertificate(X509Certificate2 certificate, string certificatePath) =>
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");

    private static void Save(X509Certificate2 certificate, string certificatePath, string keyPath)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(certificatePath)!);
        SaveCertificate(certificate, certificatePath);
        using var key = certificate.GetECDsaPrivateKey() ?? throw new PkiException("certificate has no ECDSA private key");
        var pem = key.ExportPkcs8PrivateKeyPem().ToCharArray();
        try { WriteOwnerOnly(keyPath, pem); }
        finally { Array.Clear(pem); }
    }

    /// <summary>The file is created 0600 before a byte is written, so the key is never readable by others.</summary>
    private static void WriteOwnerOnly(string path, char[] text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
        writer.Write('\n');
    }

    private static void RequireOwnerOnly(string keyPath)
    {
        if (OperatingSystem.IsWindows()) return;
        var mode = File.GetUnixFileMode(keyPath);
        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                    | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if ((mode & others) != 0)
            throw new PkiException($"{keyPath} is accessible by other users (mode {Convert.ToString((int)mode, 8)}); run 'chmod 600 {keyPath}'");
    }

    private static void Require(string path, string hint)
    {
        if (!File.Exists(path)) throw new PkiException($"{path} is missing: {hint}");
    }
}
