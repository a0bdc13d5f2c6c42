using System.Security.Cryptography;
using System.Text.Json;
using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Actors.Tests.Crypto;

/// The shared known-answer vectors (PROTOCOL.md section 6), copied next to the test assembly.
internal static class Vectors
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "p2p-v1.json"))));

    public static JsonElement Root => Document.Value.RootElement;
    public static JsonElement HandshakeVector => Root.GetProperty("handshake");
    public static JsonElement Ratchet => Root.GetProperty("ratchet");
    public static JsonElement[] Messages => Ratchet.GetProperty("messages").EnumerateArray().ToArray();
    public static JsonElement[] DhSteps => Ratchet.GetProperty("dh_steps").EnumerateArray().ToArray();
    public static byte[] ConversationId => Root.GetProperty("conversation_id").Hex();

    public static byte[] Hex(this JsonElement element) => Convert.FromHexString(element.GetString()!);

    public static byte[] Hex(string handshakeField) => HandshakeVector.GetProperty(handshakeField).Hex();

    public static byte[]? HexOrNull(this JsonElement element) =>
        element.ValueKind == JsonValueKind.Null ? null : element.Hex();

    public static JsonElement Negative(string name) =>
        Root.GetProperty("negative").EnumerateArray().Single(n => n.GetProperty("name").GetString() == name);

    public static byte[] PublicKey(string keyName) => KeyElement(keyName).GetProperty("public").Hex();

    public static ECDiffieHellman EphemeralKeyPair(string name)
    {
        var key = KeyElement(name);
        return ECDiffieHellman.Create(P384.ToParameters(key.GetProperty("public").Hex(), key.GetProperty("private").Hex()));
    }

    public static ECDsa IdentityPrivate(string name)
    {
        var key = Root.GetProperty("identities").GetProperty(name);
        return ECDsa.Create(P384.ToParameters(key.GetProperty("public").Hex(), key.GetProperty("private").Hex()));
    }

    public static ECDsa IdentityPublic(string name) =>
        ECDsa.Create(P384.ToParameters(Root.GetProperty("identities").GetProperty(name).GetProperty("public").Hex()));

    private static JsonElement KeyElement(string name) =>
        Root.GetProperty("identities").TryGetProperty(name, out var identity)
            ? identity
            : Root.GetProperty("ephemeral_keys").GetProperty(name);
}
