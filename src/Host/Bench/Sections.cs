namespace Encryptio.Host.Bench;

/// <summary>Turns measurements into report sections: which figure is compared with which ceiling, and the goals.</summary>
public static class Sections
{
    public static ReportSection Ceilings(Ceilings c) => new ReportSection("ceilings", "Ceilings (one thread, µs per operation)")
        .Add(ReportLine.Of("aesGcmSealOpen256Us", "AES-256-GCM seal + open, 256 B", "µs", c.AesGcmSealOpen256))
        .Add(ReportLine.Of("chainStepUs", "ratchet chain step (2 x HMAC-SHA384)", "µs", c.ChainStep))
        .Add(ReportLine.Of("p384KeyGenUs", "P-384 key generation", "µs", c.KeyGen))
        .Add(ReportLine.Of("p384EcdhUs", "P-384 ECDH derive", "µs", c.Ecdh))
        .Add(ReportLine.Of("ecdsaSignUs", "ECDSA P-384 sign (SHA-384)", "µs", c.Sign))
        .Add(ReportLine.Of("ecdsaVerifyUs", "ECDSA P-384 verify (SHA-384)", "µs", c.Verify))
        .Add(ReportLine.Of("dhRatchetStepUs", "DH ratchet step (TryOpen, fresh keygen)", "µs", c.DhRatchetStep))
        .Add(ReportLine.Of("dhRatchetStepPooledUs", "DH ratchet step (TryOpen, pooled key)", "µs", c.DhRatchetStepPooled))
        .Add(ReportLine.Of("x509ChainCheckUs", "X.509 chain check to the CA", "µs", c.ChainBuild));

    public static ReportSection Session(SessionFigures small, SessionFigures large) =>
        new ReportSection("session", "session: one-way chat over loopback, sealed vs the same link unsealed (goal: ratio >= 0.70 at 256 B)")
            .Add(ReportLine.Of("ratio", "ratio encrypted / unencrypted, 256 B", "", small.Ratio))
            .Add(ReportLine.Of("encryptedPerSecond", "sessions (sealed, framed, acked), 256 B", "msg/s", small.Encrypted))
            .Add(ReportLine.Of("unencryptedPerSecond", "same link, unsealed frames, 256 B", "msg/s", small.Unencrypted))
            .Add(ReportLine.Of("ratio4k", "ratio encrypted / unencrypted, 4 KiB", "", large.Ratio))
            .Add(ReportLine.Of("encrypted4kPerSecond", "sessions (sealed, framed, acked), 4 KiB", "msg/s", large.Encrypted))
            .Add(ReportLine.Of("unencrypted4kPerSecond", "same link, unsealed frames, 4 KiB", "msg/s", large.Unencrypted))
            .Add(ReportLine.Value("messagesPerRun", "messages per run (256 B / 4 KiB)", "", small.Messages))
            .Add(ReportLine.Value("goal", "goal (ratio at 256 B, at least)", "", 0.70))
            .Add(ReportLine.Note("compared", "unencrypted baseline",
                "ConnectionActor to ConnectionActor over the same loopback link, frames of the same size with the payload in clear, one Ack per mailbox burst, same window; no SessionActor (no outbox, TTL timers or id memory)"));
}
