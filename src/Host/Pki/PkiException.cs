namespace Encryptio.Host.Pki;

/// <summary>A PKI file problem the user can fix; the message is the one line they see.</summary>
public sealed class PkiException(string message) : Exception(message);
