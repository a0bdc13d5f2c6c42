using System.Buffers.Binary;
using System.Text;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>
/// The bytes a peer signs to answer <see cref="AuthChallenge"/> (Register version 2):
/// "encryptio/directory-auth/v2" | directoryKey[32] | string directoryId | nonce[32] | string uid | string host | u16 port,
/// strings as u8 length | UTF-8. directoryKey is SHA-256 of the directory certificate's SubjectPublicKeyInfo:
/// on the peer's side the key the peer saw in its own TLS handshake, on the directory's side the key it
/// serves TLS with. So a proof is good for the one directory whose key the peer reached, whatever id a
/// relaying attacker claims; the endpoint stops it being re-pointed at another address.
/// Version 1 ("encryptio/directory-auth/v1", no directoryKey) is refused.
/// </summary>
public static class AuthTranscript
{
    public const string Label = "encryptio/directory-auth/v2";
    public const int DirectoryKeySize = 32;

    public static byte[] Build(ReadOnlySpan<byte> directoryKey, string directoryId, ReadOnlySpan<byte> nonce, Uid uid, PeerEndpoint endpoint)
    {
        if (directoryKey.Length != DirectoryKeySize)
            throw new ArgumentException($"the directory key fingerprint must be {DirectoryKeySize} bytes", nameof(directoryKey));
        using var stream = new MemoryStream();
        stream.Write(Encoding.ASCII.GetBytes(Label));
        stream.Write(directoryKey);
        WriteString(stream, directoryId);
        stream.Write(nonce);
        WriteString(stream, uid.Value);
        WriteString(stream, endpoint.Host);
        Span<byte> port = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(port, (ushort)endpoint.Port);
        stream.Write(port);
        return stream.ToArray();
    }

    private static void WriteString(Stream stream, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length > 255) throw new ArgumentException("string longer than 255 bytes", nameof(value));
        stream.WriteByte((byte)bytes.Length);
        stream.Write(bytes);
    }
}
