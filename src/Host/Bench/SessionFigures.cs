namespace Encryptio.Host.Bench;

/// <summary>One message size: messages/s through real sessions (sealed) and over the plain link, and their ratio per run pair.</summary>
public sealed record SessionFigures(int TextBytes, int Messages, Figure Encrypted, Figure Unencrypted, Figure Ratio);
