using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;
using Encryptio.Runtime.Pki;

namespace Encryptio.Runtime.Transport;

/// <summary>
/// Mutual TLS for Akka.Remote: this node's certificate (with its key) and a validator that accepts
/// only certificates issued by the Encryptio CA for one role, on both sides of every association:
/// a peer accepts only the directory, the directory only users. A PEM path in HOCON cannot carry an
/// in-memory key, which is why this comes in through <see cref="DotNettySslSetup"/>.
/// </summary>
public static class MutualTls
{
    public static DotNettySslSetup Setup(X509Certificate2 ownCertificate, AuthorityTrust trust, CertificateRole accepted, HandshakeKeys? seen = null) =>
        new(ownCertificate,
            suppressValidation: false,
            requireMutualAuthentication: true,
            validateCertificateHostname: false,
            customValidator: Validator(trust, accepted, seen));

    /// <summary>The role a node with this certificate talks to over Akka.Remote: a user talks only to its directory, the directory only to users.</summary>
    public static CertificateRole CounterpartOf(CertificateRole own) =>
        own == CertificateRole.Directory ? CertificateRole.User : CertificateRole.Directory;

    /// <summary>
    /// Host names are not checked here: peers dial by IP or by a name the directory's certificate may not
    /// carry, and the CA pin plus the role is the identity check. The platform's own verdict is ignored in
    /// favour of our chain, because it trusts the system store.
    /// </summary>
    public static CertificateValidationCallback Validator(AuthorityTrust trust, CertificateRole accepted, HandshakeKeys? seen = null) =>
        (certificate, _, remoteAddress, _, log) =>
        {
            if (certificate is null)
            {
                log?.Warning("TLS refused {0}: no certificate presented", remoteAddress);
                return false;
            }
            if (!trust.IsIssuedFor(certificate, accepted, out var reason))
            {
                log?.Warning("TLS refused {0}: {1}; only a {2} certificate is accepted here", remoteAddress, reason, CertificateRoles.Name(accepted));
                return false;
            }
            seen?.Record(remoteAddress, CertificateRoles.KeyFingerprint(certificate));
            return true;
        };
}
