using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Pki;

namespace Encryptio.Peer.Node;

/// <summary>Who this node is: its UID, its identity certificate (with private key) and the CA it trusts.</summary>
public sealed record PeerIdentity(Uid Uid, X509Certificate2 Certificate, AuthorityTrust Trust);
