using System.Runtime.InteropServices;

namespace Encryptio.Runtime.Transport;

/// <summary>
/// Makes every TLS connection of this process ECDHE + AEAD only (AES-256-GCM preferred, ChaCha20-Poly1305
/// and AES-128-GCM allowed, TLS 1.2 at least). Akka.Remote's DotNetty transport builds its SslStream with
/// no <c>CipherSuitesPolicy</c> and no hook to add one, so on Linux the suites are OpenSSL's defaults,
/// CBC included. The one lever left in code is the OpenSSL configuration: the process points OPENSSL_CONF
/// at the shipped <see cref="FileName"/> before OpenSSL is first initialised, so it holds whether the
/// binary is started by our tooling or by a script. The variable is set in the native environment
/// (setenv), which is what OpenSSL reads; .NET's Environment.SetEnvironmentVariable would not reach it.
/// </summary>
public static class TlsPolicy
{
    public const string FileName = "openssl-tls.cnf";

    /// <summary>
    /// Call first thing in Main. Null when there is nothing to report; otherwise the one-line reason the policy is not in force
    /// (not Linux: SChannel/macOS keep their own suite lists; or the file is missing next to the binary).
    /// </summary>
    public static string? Apply(string baseDirectory)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var path = Path.Combine(baseDirectory, "hocon", FileName);
        if (!File.Exists(path)) return $"{path} is missing: TLS cipher suites are OpenSSL's defaults (CBC included); reinstall encryptio";
        return SetEnv("OPENSSL_CONF", path, 1) == 0 ? null : "could not set OPENSSL_CONF: TLS cipher suites are OpenSSL's defaults";
    }

    // DllImport rather than LibraryImport: the latter needs unsafe code enabled for the whole assembly.
    // On Unix, CharSet.Ansi strings are marshalled as UTF-8.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi)]
    private static extern int SetEnv(string name, string value, int overwrite);
#pragma warning restore SYSLIB1054
}
