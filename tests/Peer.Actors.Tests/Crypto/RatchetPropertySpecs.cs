using Encryptio.Testing;
using CsCheck;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Actors.Tests.Crypto;

/// Two ratchets exchanging messages in random orders, with drops, replays and forgeries. Message
/// counts stay far below the skip bounds, so every genuine frame must open. Iterations are kept low
/// because each DH step costs a P-384 key generation and two ECDHs; each property runs in a few seconds.
public sealed class RatchetPropertySpecs
{
    private enum Step { AliceSends, BobSends, DeliverToBob, DeliverToAlice, Drop, Replay, Forge }

    private static readonly Gen<(Step Step, int Pick)[]> Scripts =
        Gen.Select(Gen.Enum<Step>(), Gen.Int[0, 1 << 20]).Array[5, 50];

    [Fact]
    public void Every_frame_within_the_bounds_opens_exactly_once_whatever_the_order()
    {
        Scripts.Sample(script =>
        {
            using var run = new Exchange();
            foreach (var (step, pick) in script) run.Apply(step, pick);
            run.DeliverEverythingLeft();
        }, iter: 25, threads: 1);
    }

    [Fact]
    public void A_forged_or_replayed_frame_changes_no_state()
    {
        // Forge and Replay are checked inside Exchange against a fingerprint; weight the script toward them.
        var forgeHeavy = Gen.Select(Gen.OneOf(Gen.Const(Step.Forge), Gen.Const(Step.Replay), Gen.Enum<Step>()), Gen.Int[0, 1 << 20]).Array[5, 40];
        forgeHeavy.Sample(script =>
        {
            using var run = new Exchange();
            foreach (var (step, pick) in script) run.Apply(step, pick);
            run.DeliverEverythingLeft();
            run.Rejected.Should().Be(run.Forged + run.Replayed);
        }, iter: 40, threads: 1);
    }

    [Fact]
    public void Every_message_key_is_different()
    {
        Scripts.Sample(script =>
        {
            using var run = new Exchange();
            foreach (var (step, pick) in script) run.Apply(step, pick);
            run.MessageKeys.Should().OnlyHaveUniqueItems();
            run.MessageKeys.Count.Should().Be(run.SentCount);
        }, iter: 40, threads: 1);
    }

    [Fact]
    public void A_DH_ratchet_step_happens_on_every_change_of_direction()
    {
        Gen.Int[1, 4].Array[2, 8].Sample(runs =>
        {
            using var pair = new RatchetPair();
            var keysSeen = new List<string>();
            for (var turn = 0; turn < runs.Length; turn++)
            {
                var (sender, receiver) = turn % 2 == 0 ? (pair.Alice, pair.Bob) : (pair.Bob, pair.Alice);
                var runKeys = new List<byte[]>();
                for (var i = 0; i < runs[turn]; i++)
                {
                    var body = RatchetPair.Body(RatchetPair.Seal(sender, i));
                    runKeys.Add(body[..WireSizes.PublicKeyLength]);
                    receiver.TryOpen(body, out _).Should().BeTrue();
                }
                runKeys.Should().AllSatisfy(k => k.Should().Equal(runKeys[0]), "one run, one sending chain");
                var runKey = Convert.ToHexString(runKeys[0]);
                keysSeen.Should().NotContain(runKey, "each turn starts a new ratchet key");
                keysSeen.Add(runKey);
            }
        }, iter: 15, threads: 1);
    }

    /// The model: frames in flight per direction, what each frame carries, what has been delivered.
    private sealed class Exchange : IDisposable
    {
        private readonly RatchetPair _pair = new();
        private readonly List<Sent> _toBob = [];
        private readonly List<Sent> _toAlice = [];
        private readonly List<Sent> _delivered = [];
        private readonly List<Sent> _everSent = [];
        private int _next;

        public HashSet<string> MessageKeys { get; } = [];
        public int SentCount { get; private set; }
        public int Forged { get; private set; }
        public int Replayed { get; private set; }
        public int Rejected { get; private set; }

        public void Apply(Step step, int pick)
        {
            switch (step)
            {
                case Step.AliceSends: Send(_pair.Alice, _pair.Bob, _toBob); break;
                case Step.BobSends when _pair.Bob.CanSeal: Send(_pair.Bob, _pair.Alice, _toAlice); break;
                case Step.BobSends: Send(_pair.Alice, _pair.Bob, _toBob); break;
                case Step.DeliverToBob: Deliver(_toBob, pick); break;
                case Step.DeliverToAlice: Deliver(_toAlice, pick); break;
                case Step.Drop:
                    var queue = pick % 2 == 0 ? _toBob : _toAlice;
                    if (queue.Count > 0) queue.RemoveAt(pick % queue.Count);
                    break;
                case Step.Replay when _delivered.Count > 0:
                    Replayed++;
                    MustFail(_delivered[pick % _delivered.Count].Body, _delivered[pick % _delivered.Count].Receiver);
                    break;
                case Step.Forge when _everSent.Count > 0:
                    var original = _everSent[pick % _everSent.Count];
                    var forged = original.Body.ToArray();
                    var bit = (pick / 7) % (forged.Length * 8);
                    forged[bit / 8] ^= (byte)(1 << (bit % 8));
                    Forged++;
                    MustFail(forged, original.Receiver);
                    break;
            }
        }

        public void DeliverEverythingLeft()
        {
            var random = new Random(_next);
            while (_toBob.Count + _toAlice.Count > 0)
                Deliver(_toBob.Count > 0 && (_toAlice.Count == 0 || random.Next(2) == 0) ? _toBob : _toAlice, random.Next());
        }

        private void Send(DoubleRatchet sender, DoubleRatchet receiver, List<Sent> queue)
        {
            var chainKey = sender.Inspect().SendingChainKey!;
            var mk = new byte[RatchetKdf.MessageKeyLength];
            RatchetKdf.ChainStep(chainKey, mk, new byte[RatchetKdf.ChainKeyLength]);
            MessageKeys.Add(Convert.ToHexString(mk));

            var number = _next++;
            var sent = new Sent(RatchetPair.Body(RatchetPair.Seal(sender, number)), number, receiver);
            queue.Add(sent);
            _everSent.Add(sent);
            SentCount++;
        }

        private void Deliver(List<Sent> queue, int pick)
        {
            if (queue.Count == 0) return;
            var sent = queue[pick % queue.Count];
            queue.Remove(sent);
            sent.Receiver.TryOpen(sent.Body, out var payload, out var failure).Should().BeTrue($"frame {sent.Number} is genuine and within bounds ({failure})");
            BitConverter.ToInt32(payload).Should().Be(sent.Number);
            _delivered.Add(sent);
        }

        private void MustFail(byte[] body, DoubleRatchet receiver)
        {
            var before = receiver.Fingerprint();
            receiver.TryOpen(body, out var payload).Should().BeFalse();
            payload.Should().BeEmpty();
            receiver.Fingerprint().Should().Equal(before);
            Rejected++;
        }

        public void Dispose() => _pair.Dispose();

        private sealed record Sent(byte[] Body, int Number, DoubleRatchet Receiver);
    }
}
