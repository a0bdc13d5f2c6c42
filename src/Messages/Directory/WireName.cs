namespace Encryptio.Messages.Directory;

/// <summary>A name on the wire that a script may print or branch on: short, lower-case ASCII, no surprises.</summary>
internal static class WireName
{
    public static bool IsValid(string name, int maxLength) =>
        name.Length > 0 && name.Length <= maxLength && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
