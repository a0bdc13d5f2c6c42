namespace Encryptio.Bench;

/// <summary>This machine's crypto ceilings, measured in the same run as the system figures (µs per operation).</summary>
public sealed record Ceilings(
    Figure AesGcmSealOpen256,
    Figure ChainStep,
    Figure ChainStepBesideAes,
    Figure KeyGen,
    Figure Ecdh,
    Figure Import,
    Figure Sign,
    Figure Verify,
    Figure DhRatchetStep,
    Figure DhRatchetStepPooled,
    Figure ChainBuild);
