using System.Buffers.Binary;
using System.Text;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>
/// The bytes a peer signs to answer <see cref="AuthChallenge"/>:
/// "encryptio/directory-auth/v1" | string directoryId | nonce[32] | string uid | string host | u16 port,
/// strings as u8 length | UTF-8. Binding the directory id and endpoint stops a proof being replayed
/// to another directory or re-pointed at another address.
/// </summary>
public static class AuthTranscript
{
    public const string Label = "encryptio/directory-auth/v1";

    public static byte[] Build(string directoryId, ReadOnlySpan<byte> nonce, Uid uid, PeerEndpoint endpoint)
    {
        using var stream = new MemoryStream();
        stream.Write(Encoding.ASCII.GetBytes(Label));
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
