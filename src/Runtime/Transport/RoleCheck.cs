using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Runtime.Pki;

namespace Encryptio.Runtime.Transport;

/// <summary>
/// The certificate check of a TLS stream outside Akka.Remote (the relay and the peers that use it):
/// our CA and the role the other end must hold decide, not the platform's verdict (which trusts the
/// system store). <see cref="Problem"/> says why a certificate was refused, for the one-line error.
/// </summary>
public sealed class RoleCheck(AuthorityTrust trust, CertificateRole role)
{
    public string? Problem { get; private set; }

    public bool Validate(object sender, X509Certificate? presented, X509Chain? chain, SslPolicyErrors errors)
    {
        if (presented is null)
        {
            Problem = "no certificate presented";
            return false;
        }
        using var copy = new X509Certificate2(presented);
        if (trust.IsIssuedFor(copy, role, out var reason)) return true;
        Problem = reason;
        return false;
    }
}
