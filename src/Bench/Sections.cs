namespace Encryptio.Bench;

/// <summary>Turns measurements into report sections: which figure is compared with which ceiling, and the goals.</summary>
public static class Sections
{
    public static ReportSection Ceilings(Ceilings c) => new ReportSection("ceilings", "Ceilings (one thread, µs per operation)")
        .Add(ReportLine.Of("aesGcmSealOpen256Us", "AES-256-GCM seal + open, 256 B", "µs", c.AesGcmSealOpen256))
        .Add(ReportLine.Of("chainStepUs", "ratchet chain step (2 x HMAC-SHA384)", "µs", c.ChainStep))
        .Add(ReportLine.Of("chainStepBesideAesUs", "the same while a second thread runs AES-256-GCM", "µs", c.ChainStepBesideAes))
        .Add(ReportLine.Of("p384KeyGenUs", "P-384 key generation", "µs", c.KeyGen))
        .Add(ReportLine.Of("p384EcdhUs", "P-384 ECDH derive", "µs", c.Ecdh))
        .Add(ReportLine.Of("p384ImportUs", "P-384 public key import (point checked)", "µs", c.Import))
        .Add(ReportLine.Of("ecdsaSignUs", "ECDSA P-384 sign (SHA-384)", "µs", c.Sign))
        .Add(ReportLine.Of("ecdsaVerifyUs", "ECDSA P-384 verify (SHA-384)", "µs", c.Verify))
        .Add(ReportLine.Of("dhRatchetStepUs", "DH ratchet step (TryOpen, fresh keygen)", "µs", c.DhRatchetStep))
        .Add(ReportLine.Of("dhRatchetStepPooledUs", "DH ratchet step (TryOpen, pooled key)", "µs", c.DhRatchetStepPooled))
        .Add(ReportLine.Of("x509ChainCheckUs", "X.509 chain check to the CA", "µs", c.ChainBuild));

    public static ReportSection Session(SessionFigures small, SessionFigures large) =>
        new ReportSection("session", "session: one-way chat over loopback, sealed vs the same sessions unsealed (goal: ratio >= 0.70 at 256 B)")
            .Add(ReportLine.Of("ratio", "ratio encrypted / unencrypted sessions, 256 B", "", small.Ratio))
            .Add(ReportLine.Of("encryptedPerSecond", "sessions (sealed, framed, acked), 256 B", "msg/s", small.Encrypted))
            .Add(ReportLine.Of("unencryptedPerSecond", "same sessions, seal and open off, 256 B", "msg/s", small.Unsealed))
            .Add(ReportLine.Of("dhStepsPerRun", "DH ratchet steps in an encrypted run, 256 B", "", small.DhSteps))
            .Add(ReportLine.Of("encryptedCpuUsPerMessage", "process CPU per message, sealed, 256 B", "µs", small.EncryptedCpuMicros))
            .Add(ReportLine.Of("unencryptedCpuUsPerMessage", "process CPU per message, seal off, 256 B", "µs", small.UnsealedCpuMicros))
            .Add(ReportLine.Of("cpuOverCrypto", "process CPU per sealed message / one seal + open alone, 256 B", "", small.CpuOverCrypto))
            .Add(ReportLine.Of("sealOpenUs", "one seal + open alone, beside each run, 256 B", "µs", small.SealOpenMicros))
            .Add(ReportLine.Value("hopsPerMessage", "mailbox hops per chat line, console to console", "", ChatPath.Hops.Count))
            .Add(ReportLine.Note("hops", "the hops counted", string.Join("; ", ChatPath.Hops)))
            .Add(ReportLine.Of("allocatedBytesPerMessage", "bytes allocated per message, sealed, 256 B (all threads)", "B", small.EncryptedAllocatedBytes))
            .Add(ReportLine.Of("unencryptedAllocatedBytesPerMessage", "bytes allocated per message, seal off, 256 B", "B", small.UnsealedAllocatedBytes))
            .Add(ReportLine.Of("ratioToRawLink", "ratio encrypted / bare link (no session), 256 B", "", small.RatioToRawLink))
            .Add(ReportLine.Of("rawLinkPerSecond", "bare ConnectionActor link, frames in clear, 256 B", "msg/s", small.RawLink))
            .Add(ReportLine.Of("ratio4k", "ratio encrypted / unencrypted sessions, 4 KiB", "", large.Ratio))
            .Add(ReportLine.Of("encrypted4kPerSecond", "sessions (sealed, framed, acked), 4 KiB", "msg/s", large.Encrypted))
            .Add(ReportLine.Of("unencrypted4kPerSecond", "same sessions, seal and open off, 4 KiB", "msg/s", large.Unsealed))
            .Add(ReportLine.Of("dhStepsPerRun4k", "DH ratchet steps in an encrypted run, 4 KiB", "", large.DhSteps))
            .Add(ReportLine.Of("encrypted4kCpuUsPerMessage", "process CPU per message, sealed, 4 KiB", "µs", large.EncryptedCpuMicros))
            .Add(ReportLine.Of("unencrypted4kCpuUsPerMessage", "process CPU per message, seal off, 4 KiB", "µs", large.UnsealedCpuMicros))
            .Add(ReportLine.Of("cpuOverCrypto4k", "process CPU per sealed message / one seal + open alone, 4 KiB", "", large.CpuOverCrypto))
            .Add(ReportLine.Of("sealOpen4kUs", "one seal + open alone, beside each run, 4 KiB", "µs", large.SealOpenMicros))
            .Add(ReportLine.Of("allocatedBytesPerMessage4k", "bytes allocated per message, sealed, 4 KiB (all threads)", "B", large.EncryptedAllocatedBytes))
            .Add(ReportLine.Of("ratioToRawLink4k", "ratio encrypted / bare link (no session), 4 KiB", "", large.RatioToRawLink))
            .Add(ReportLine.Of("rawLink4kPerSecond", "bare ConnectionActor link, frames in clear, 4 KiB", "msg/s", large.RawLink))
            .Add(ReportLine.Value("messagesPerRun", "messages per run (256 B / 4 KiB)", "", small.Messages))
            .Add(ReportLine.Value("window", "unacked messages the sender keeps in flight, 256 B", "", small.Window))
            .Add(ReportLine.Value("window4k", "unacked messages the sender keeps in flight, 4 KiB", "", large.Window))
            .Add(ReportLine.Value("goal", "goal (ratio at 256 B, at least)", "", 0.70))
            .Add(ReportLine.Value("goalCpuOverCrypto", "goal (cpuOverCrypto at 256 B, at most)", "", 2.0))
            .Add(ReportLine.Value("goalHopsPerMessage", "goal (hops per message, at most)", "", 5))
            .Add(ReportLine.Note("compared", "unencrypted baseline",
                "the same two ConversationActors and their SessionActors over the same loopback link, seal and open switched off (frames of the same size, payload in clear): outbox, acks, TTL sweep, history, id memory all on; ratioToRawLink divides by two bare ConnectionActors instead (no conversation or session at all)"));

    /// <summary>The P-384 work on a handshake's critical path, in the order it happens.</summary>
    public static string HandshakeOps(bool pooled) => pooled
        ? "dialer sign(Hello); listener import(ephD) + verify(Hello) + sign(HelloReply) + ECDH(ephL,ephD); dialer verify(HelloReply) + import(ephL) + ECDH(ephD,ephL) + ECDH(ratchet,ephL); listener import(ratchet) + ECDH (the receiving half of its step on Ready; the sending half waits for its first seal, after the chat is opened) = 2 sign + 2 verify + 4 ECDH + 3 import (keys from the pool)"
        : "as pooled, plus keygen of ephD, ephL and the dialer's first ratchet key (the listener's next key is made at its first seal) = 2 sign + 2 verify + 4 ECDH + 3 import + 3 keygen";

    public static ReportSection Handshake(HandshakeFigures pooled, HandshakeFigures random) =>
        new ReportSection("handshake", "handshake: Hello to first chat opened / serial P-384 work beside it (goal: ratio <= 1.3)")
            .Add(ReportLine.Of("ratio", "ratio latency / serial P-384 ops (pooled keys)", "", pooled.Ratio))
            .Add(ReportLine.Of("latencyMs", "latency (pooled keys)", "ms", pooled.Latency))
            .Add(ReportLine.Value("p50Ms", "p50 (pooled keys)", "ms", pooled.P50))
            .Add(ReportLine.Value("p99Ms", "p99 (pooled keys)", "ms", pooled.P99))
            .Add(ReportLine.Of("serialOpsMs", "serial P-384 ops, run right before each handshake (pooled keys)", "ms", pooled.SerialOps))
            .Add(ReportLine.Note("serialOps", "ops counted (pooled keys)", HandshakeOps(pooled: true)))
            .Add(ReportLine.Of("cryptoOnlyMs", "the same crypto back to back, no actor or socket (pooled keys)", "ms", pooled.CryptoOnly))
            .Add(ReportLine.Of("ratioCryptoOnly", "ratio crypto alone / serial P-384 ops (pooled keys)", "", pooled.CryptoOnly.Scale(1 / pooled.SerialOps.Median)))
            .Add(ReportLine.Note("phases", "where the time goes, median ms (pooled keys)", Phases(pooled.PhaseMillis)))
            .Add(ReportLine.Of("ratioFreshKeys", "ratio with fresh keys (RandomRatchetKeySource)", "", random.Ratio))
            .Add(ReportLine.Value("p50FreshKeysMs", "p50 with fresh keys", "ms", random.P50))
            .Add(ReportLine.Value("p99FreshKeysMs", "p99 with fresh keys", "ms", random.P99))
            .Add(ReportLine.Of("serialOpsFreshKeysMs", "serial P-384 ops with fresh keys, beside each handshake", "ms", random.SerialOps))
            .Add(ReportLine.Note("serialOpsFreshKeys", "ops counted (fresh keys)", HandshakeOps(pooled: false)))
            .Add(ReportLine.Value("handshakes", "handshakes measured (each variant)", "", pooled.Handshakes))
            .Add(ReportLine.Value("keyPoolMaxAgeS", "pooled keys discarded unused at this age (key-pool-max-age)", "s", pooled.KeyPoolMaxAge?.TotalSeconds ?? 0))
            .Add(ReportLine.Value("goal", "goal (ratio, at most)", "", 1.3));

    private static string Phases(double[] millis) => millis.Length == 0
        ? "not recorded"
        : string.Join("; ", PhaseRecorder.GapNames.Zip(millis, (name, ms) => $"{name} {ms:0.00}"));

    public static ReportSection Turn(TurnFigures turn)
    {
        return new ReportSection("turn", "turn: 256 B ping-pong, a DH ratchet step at each end per round trip (goal: ratio <= 1.3)")
            .Add(ReportLine.Of("ratio", "ratio round trip / (2 x DH ratchet step)", "", turn.Ratio))
            .Add(ReportLine.Of("roundTripMs", "round trip (pooled keys)", "ms", turn.RoundTripMs))
            .Add(ReportLine.Of("dhStepMs", "DH ratchet step alone, beside each run (pooled)", "ms", turn.StepMs))
            .Add(ReportLine.Of("dhStepsPerRoundTrip", "DH ratchet steps the sessions took per round trip", "", turn.DhStepsPerRoundTrip))
            .Add(ReportLine.Note("serialOps", "ops counted per step",
                "DoubleRatchet.TryOpen under a new ratchet key: import(peer key) + ECDH(receive) + ECDH(send) + 2 HKDF + chain step + AES-GCM open; the new key pair from the pool"))
            .Add(ReportLine.Value("goal", "goal (ratio, at most)", "", 1.3));
    }

    public static ReportSection Cluster(ClusterFigures c) =>
        new ReportSection("cluster", $"cluster: the directory on {c.Nodes} nodes in this process beside 1 node, mutual TLS throughout (one machine: the cluster's cost, not its scaling)")
            .Add(ReportLine.Of("registrationsPerSecond", $"registrations on {c.Nodes} clustered nodes (challenge + proof + UID claim)", "reg/s", c.ClusterPerSecond))
            .Add(ReportLine.Of("singleNodePerSecond", "registrations on 1 node, no cluster, the same users and batches", "reg/s", c.SingleNodePerSecond))
            .Add(ReportLine.Of("ratio", $"ratio {c.Nodes} nodes / 1 node, batch by batch", "", c.Ratio))
            .Add(ReportLine.Note("scaling", "what the ratio shows",
                $"all {c.Nodes} nodes and the load generator share this machine's {Environment.ProcessorCount} cores: the ratio is what the cluster costs (sharded UID claims, Distributed Data, gossip, cross-node TLS), not what more machines would add"))
            .Add(ReportLine.Of("bytesPerUser", $"managed heap per registered user, {c.Nodes} nodes and the load generator together", "B", c.BytesPerUser))
            .Add(ReportLine.Of("bytesPerUserPerNode", "the same divided by the nodes: what each node holds per user of the cluster", "B", c.BytesPerUser.Scale(1.0 / c.Nodes)))
            .Add(ReportLine.Value("failoverP50Ms", "failover p50: a node stopped, until its user is registered at another", "ms", Figure.Percentile(c.FailoverMillis, 50)))
            .Add(ReportLine.Value("failoverP99Ms", "failover p99", "ms", Figure.Percentile(c.FailoverMillis, 99)))
            .Add(ReportLine.Value("failoverMaxMs", "failover, the last of the node's users", "ms", c.FailoverMillis.Max()))
            .Add(ReportLine.Value("failoverFirstMs", "failover, the first (about the dead node's detection)", "ms", c.FailoverMillis.Min()))
            .Add(ReportLine.Value("failoverUsers", "users registered at the stopped node", "", c.FailoverMillis.Count))
            .Add(ReportLine.Note("failoverMethod", "failover measured as",
                $"the last node blackholed from its users (Akka.Remote's throttler) and its edge and cluster systems terminated at once, coordinated shutdown off: as after a crash, nothing tells its users; each watches its link as the directory client does (DeathWatch, acceptable-heartbeat-pause {c.DetectionPause.TotalSeconds:0.#} s, so detection is most of the time) and registers at one of the survivors; time from the stop to each Registered"))
            .Add(ReportLine.Value("users", "users online at the end (before the failover)", "", c.Users))
            .Add(ReportLine.Value("batchUsers", "users per timed batch", "", c.BatchUsers))
            .Add(ReportLine.Value("goalFailoverP99Ms", "goal (failover p99, at most; issue 12)", "ms", 10_000));

    public static ReportSection Relay(RelayFigures small, RelayFigures large) =>
        new ReportSection("relay", "relay: one-way chat through a relay on this machine vs direct, and what it adds to a round trip (goal: ratio >= 0.5 at 256 B and 4 KiB)")
            .Add(ReportLine.Of("ratio", "ratio relayed / direct conversations, 256 B", "", small.Ratio))
            .Add(ReportLine.Of("relayedPerSecond", "relayed (sealed, framed, acked), 256 B", "msg/s", small.Relayed))
            .Add(ReportLine.Of("directPerSecond", "direct, the same, 256 B", "msg/s", small.Direct))
            .Add(ReportLine.Of("ratio4k", "ratio relayed / direct conversations, 4 KiB", "", large.Ratio))
            .Add(ReportLine.Of("relayed4kPerSecond", "relayed (sealed, framed, acked), 4 KiB", "msg/s", large.Relayed))
            .Add(ReportLine.Of("direct4kPerSecond", "direct, the same, 4 KiB", "msg/s", large.Direct))
            .Add(ReportLine.Value("addedP50Ms", "added per round trip by the relay, p50 (256 B ping-pong, seal off)", "ms", small.AddedP50Ms))
            .Add(ReportLine.Value("addedP99Ms", "added per round trip by the relay, p99", "ms", small.AddedP99Ms))
            .Add(ReportLine.Value("relayedP50Ms", "round trip relayed, p50", "ms", small.RelayedP50Ms))
            .Add(ReportLine.Value("relayedP99Ms", "round trip relayed, p99", "ms", small.RelayedP99Ms))
            .Add(ReportLine.Value("directP50Ms", "round trip direct, p50", "ms", small.DirectP50Ms))
            .Add(ReportLine.Value("directP99Ms", "round trip direct, p99", "ms", small.DirectP99Ms))
            .Add(ReportLine.Value("roundTrips", "round trips sampled (each way)", "", small.RoundTrips))
            .Add(ReportLine.Value("messagesPerRun", "messages per run (256 B / 4 KiB)", "", small.Messages))
            .Add(ReportLine.Value("goal", "goal (ratio at 256 B and 4 KiB, at least)", "", 0.5))
            .Add(ReportLine.Note("compared", "relayed vs direct",
                "the same two ConversationActors and SessionActors, sealed; direct: one loopback TCP link; relayed: each end TLS (mutual, P-384) to a RelayActor in the same process, whose splice copies bytes between the two SslStreams with the per-pair and node-wide rate caps raised out of the way; round trips with seal and open off on both paths (transport only), direct and relayed runs alternated"));

    public static ReportSection Directory(DirectoryFigures d) =>
        new ReportSection("directory", "directory: registrations over mutual TLS vs their crypto ceiling (goal: ratio >= 0.8; 100,000 users <= 4 KiB each)")
            .Add(ReportLine.Of("ratio", "ratio registrations/s / crypto ceiling", "", d.Ratio))
            .Add(ReportLine.Of("registrationsPerSecond", "registrations (challenge + proof)", "reg/s", d.RegistrationsPerSecond))
            .Add(ReportLine.Of("ceilingPerSecond", "ceiling: chain check + verify + sign, all cores", "reg/s", d.CeilingPerSecond))
            .Add(ReportLine.Note("ceilingOps", "ops counted per registration",
                "directory: X.509 chain check of the user certificate (1 ECDSA verify + X509Chain) + ECDSA verify of the proof; load generator (same cores): 1 ECDSA sign"))
            .Add(ReportLine.Value("users", "users online at the end", "", d.Users))
            .Add(ReportLine.Of("bytesPerUser", "managed heap per registered user", "B", d.BytesPerUser))
            .Add(ReportLine.Value("directoryBytesPerUser", "managed heap the directory alone frees when it stops, per user", "B", d.DirectoryBytesPerUser))
            .Add(ReportLine.Note("memoryMethod", "memory measured as",
                "bytesPerUser: GC.GetTotalMemory(true) before and after each batch of users registers (directory and load generator in one process; the simulated peers exist before the first reading, their refs to their links and the directory's watch of them do not); directoryBytesPerUser: the heap freed when the directory's ActorSystem stops at the end, over the users (its fixed part included); native OpenSSL memory not counted"))
            .Add(ReportLine.Of("proposalsPerSecond", "proposals relayed (propose, accept, 2 introductions)", "1/s", d.ProposalsPerSecond))
            .Add(ReportLine.Value("batchUsers", "users per timed batch", "", d.BatchUsers))
            .Add(ReportLine.Value("goal", "goal (ratio, at least)", "", 0.8))
            .Add(ReportLine.Value("goalBytesPerUser", "goal (bytes per user, at most; issue 12)", "B", 4096));
}
