using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Identity;

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

    public void Enroll(Uid uid)
    {
        if (HasUser(uid)) throw new PkiException($"'{uid}' is already enrolled ({UserCertificatePath(uid)})");
        using var authority = LoadAuthorityWithKey();
        using var user = CertificateIssuer.IssueUser(authority, uid);
        Save(user, UserCertificatePath(uid), UserKeyPath(uid));
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

    public X509Certificate2 LoadDirectory() => LoadPair(DirectoryCertificatePath, DirectoryKeyPath,
        "run 'encryptio init' to create the directory's certificate");

    public X509Certificate2 LoadUser(Uid uid) => LoadPair(UserCertificatePath(uid), UserKeyPath(uid),
        $"run 'encryptio enroll {uid}' on the machine holding the CA, then copy users/{uid}/ here");

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

    private static void Save(X509Certificate2 certificate, string certificatePath, string keyPath)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(certificatePath)!);
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
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
