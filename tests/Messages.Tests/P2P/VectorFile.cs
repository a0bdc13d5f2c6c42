using System.Text.Json;

namespace Encryptio.Messages.Tests.P2P;

/// The shared known-answer vectors (PROTOCOL.md section 6), copied next to the test assembly.
internal static class VectorFile
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "p2p-v1.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public static byte[] Hex(this JsonElement element) => Convert.FromHexString(element.GetString()!);

    public static JsonElement Negative(string name) =>
        Root.GetProperty("negative").EnumerateArray().Single(n => n.GetProperty("name").GetString() == name);
}
