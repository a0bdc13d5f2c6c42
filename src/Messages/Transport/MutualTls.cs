using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Transport;

/// <summary>
/// Mutual TLS for Akka.Remote: this node's certificate (with its key) and a validator that accepts
/// only certificates issued by the Encryptio CA, on both sides of every association. A PEM path in
/// HOCON cannot carry an in-memory key, which is why this comes in through <see cref="DotNettySslSetup"/>.
/// </summary>
public static class MutualTls
{
    public static DotNettySslSetup Setup(X509Certificate2 ownCertificate, AuthorityTrust trust) =>
        new(ownCertificate,
            suppressValidation: false,
            requireMutualAuthentication: true,
            validateCertificateHostname: false,
            customValidator: Validator(trust));

    /// <summary>
    /// Host names are not checked: peers dial by IP and the CA pin is the identity check. The
    /// platform's own verdict is ignored in favour of our chain, because it trusts the system store.
    /// </summary>
    public static CertificateValidationCallback Validator(AuthorityTrust trust) =>
        (certificate, _, remoteAddress, _, log) =>
        {
            if (certificate is null)
            {
                log?.Warning("TLS refused {0}: no certificate presented", remoteAddress);
                return false;
            }
            if (trust.IsIssuedByAuthority(certificate, out var reason)) return true;
            log?.Warning("TLS refused {0}: {1}", remoteAddress, reason);
            return false;
        };
}
