using System.Security.Cryptography;
using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Crypto;
using Encryptio.Peer.Link;

namespace Encryptio.Bench;

/// <summary>
/// One-way chat throughput: alice's session seals, frames and sends, bob's opens and acks (one Ack per
/// mailbox burst), alice's driver keeps a window of unacked chats. Two baselines, run side by side with
/// it: the same pair of sessions with seal and open switched off (<see cref="UnsealedLinkCipher"/>: the
/// issue's "same link", what <c>ratio</c> divides by), and the bare ConnectionActor pair carrying the
/// same frames with no session at all (<see cref="PlainSender"/>, <see cref="PlainReceiver"/>: what
/// <c>ratioToRawLink</c> divides by). The three alternate within each run, so each ratio compares runs
/// made side by side. Key pairs taken during an encrypted run are its DH ratchet steps.
/// </summary>
public static class SessionBench
{
    public static SessionFigures Measure(SessionRig rig, BenchOptions options, IRatchetKeySource keys, int textBytes, int messages)
    {
        var system = rig.System;
        var tag = $"{textBytes}-{Guid.NewGuid():N}";
        var driver = system.ActorOf(ChatDriver.Props(), $"driver-{tag}");
        var sink = system.ActorOf(NullSink.Props(), $"sink-{tag}");
        rig.StopSessions();
        var counted = new CountingKeySource(keys);
        var (sealedConversation, sealedId) = rig.ConnectConversations(counted);
        var (unsealedConversation, unsealedId) = rig.ConnectConversations(keys, unsealed: true);
        rig.Retarget(driver, sink);

        var events = Inbox.Create(system);
        var receiver = system.ActorOf(PlainReceiver.Props(events.Receiver, sink), $"plain-receiver-{tag}");
        var endpoint = events.Expect<ListenerBound>().Endpoint;
        var sender = system.ActorOf(PlainSender.Props(endpoint, HelloFrame()), $"plain-sender-{tag}");
        events.Expect<PlainReceiver.Attached>();

        var encrypted = new List<double>();
        var unsealed = new List<double>();
        var raw = new List<double>();
        var ratio = new List<double>();
        var ratioToRaw = new List<double>();
        var dhSteps = new List<double>();
        var encryptedCpu = new List<double>();
        var unsealedCpu = new List<double>();
        var encryptedAlloc = new List<double>();
        var unsealedAlloc = new List<double>();
        var sealOpen = new List<double>();
        var cpuOverCrypto = new List<double>();
        using var alone = new SealOpenAlone(keys, textBytes);
        var seed = 0;
        var window = BenchOptions.Window(textBytes);
        for (var run = -1; run < options.Runs; run++) // run -1 is the warm-up
        {
            // The chats are made before any clock or counter starts.
            var sealedChats = SessionRig.Chats(messages, textBytes, ++seed);
            var unsealedChats = SessionRig.Chats(messages, textBytes, ++seed);
            var plainChats = SessionRig.Chats(messages, textBytes, ++seed);
            var floor = alone.Micros(Math.Min(messages, 2_000));
            var before = counted.Taken;
            var (e, eCpu, eAlloc) = Measured(driver, new ChatDriver.Run(sealedConversation, sealedId, sealedChats, window), messages);
            var steps = counted.Taken - before;
            var (u, uCpu, uAlloc) = Measured(driver, new ChatDriver.Run(unsealedConversation, unsealedId, unsealedChats, window), messages);
            var p = Rate(sender, new ChatDriver.Run(ActorRefs.Nobody, ConversationId.New(), plainChats, window), messages);
            if (run < 0) continue;
            encrypted.Add(e);
            unsealed.Add(u);
            raw.Add(p);
            ratio.Add(e / u);
            ratioToRaw.Add(e / p);
            dhSteps.Add(steps);
            encryptedCpu.Add(eCpu);
            unsealedCpu.Add(uCpu);
            encryptedAlloc.Add(eAlloc);
            unsealedAlloc.Add(uAlloc);
            sealOpen.Add(floor);
            cpuOverCrypto.Add(eCpu / floor);
        }
        foreach (var actor in new[] { driver, sink, receiver, sender }) system.Stop(actor);
        rig.StopSessions();
        return new SessionFigures(textBytes, messages, window, Figure.Of(encrypted), Figure.Of(unsealed), Figure.Of(raw),
            Figure.Of(ratio), Figure.Of(ratioToRaw), Figure.Of(dhSteps), Figure.Of(encryptedCpu), Figure.Of(unsealedCpu),
            Figure.Of(sealOpen), Figure.Of(cpuOverCrypto), Figure.Of(encryptedAlloc), Figure.Of(unsealedAlloc));
    }

    /// <summary>
    /// One run: messages/s, process CPU µs per message and bytes allocated per message by every thread
    /// (GC.GetTotalAllocatedBytes, not the per-thread counter: the work runs on the dispatcher's threads).
    /// </summary>
    private static (double PerSecond, double CpuMicros, double AllocatedBytes) Measured(IActorRef runner, ChatDriver.Run run, int messages)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = CpuMicros();
        var perSecond = Rate(runner, run, messages);
        var cpuPerMessage = (CpuMicros() - cpu) / messages;
        var allocatedPerMessage = (double)(GC.GetTotalAllocatedBytes(precise: true) - allocated) / messages;
        return (perSecond, cpuPerMessage, allocatedPerMessage);
    }

    /// <summary>CPU time of the whole process (every thread), µs: per message, it shows what the crypto adds.</summary>
    private static double CpuMicros() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalMicroseconds;

    private static double Rate(IActorRef runner, ChatDriver.Run run, int messages)
    {
        var timeout = TimeSpan.FromSeconds(Math.Max(60, messages / 100.0));
        var finished = runner.Ask<ChatDriver.Finished>(run, timeout).GetAwaiter().GetResult();
        return messages / (finished.Micros / 1_000_000);
    }

    /// <summary>A well-formed, signed Hello: the listener hands on only links that start with one.</summary>
    private static byte[] HelloFrame()
    {
        using var identity = ECDsa.Create(P384.Curve);
        using var handshake = new DialerHandshake(new HandshakePeer(ConversationId.New().ToBytes(), "plain-a", "plain-b", identity),
            new EcdsaHandshakeSigner(identity), RandomRatchetKeySource.Instance);
        return handshake.HelloFrame;
    }
}
