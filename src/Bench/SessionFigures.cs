namespace Encryptio.Bench;

/// <summary>
/// One message size: messages/s through real sessions (sealed), the same sessions unsealed, and the bare
/// link; the ratios per run; the DH ratchet steps an encrypted run took; process CPU µs and bytes allocated per message; one seal + open
/// alone, beside each run, and the sealed CPU per message over it.
/// </summary>
public sealed record SessionFigures(
    int TextBytes,
    int Messages,
    int Window,
    Figure Encrypted,
    Figure Unsealed,
    Figure RawLink,
    Figure Ratio,
    Figure RatioToRawLink,
    Figure DhSteps,
    Figure EncryptedCpuMicros,
    Figure UnsealedCpuMicros,
    Figure SealOpenMicros,
    Figure CpuOverCrypto,
    Figure EncryptedAllocatedBytes,
    Figure UnsealedAllocatedBytes);
