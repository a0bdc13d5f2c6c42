using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Identity;

namespace Encryptio.Peer.Actors.Tests.Identity;

public sealed class SafetyNumberTests
{
    private static readonly Uid Alice = Uid.Parse("alice");
    private static readonly Uid Bob = Uid.Parse("bob");

    private static byte[] NewPublicKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        return key.ExportSubjectPublicKeyInfo();
    }

    private static readonly byte[] AliceKey = NewPublicKey();
    private static readonly byte[] BobKey = NewPublicKey();

    [Fact]
    public void Both_parties_compute_the_same_number_whichever_side_computes_it()
    {
        SafetyNumber.Compute(Alice, AliceKey, Bob, BobKey)
            .Should().Be(SafetyNumber.Compute(Bob, BobKey, Alice, AliceKey));
    }

    [Fact]
    public void The_number_is_twelve_blocks_of_five_digits()
    {
        SafetyNumber.Compute(Alice, AliceKey, Bob, BobKey).Should().MatchRegex(@"^\d{5}( \d{5}){11}$");
    }

    [Fact]
    public void The_number_is_deterministic()
    {
        SafetyNumber.Compute(Alice, AliceKey, Bob, BobKey).Should().Be(SafetyNumber.Compute(Alice, AliceKey, Bob, BobKey));
    }

    [Fact]
    public void The_number_changes_when_either_key_changes()
    {
        var original = SafetyNumber.Compute(Alice, AliceKey, Bob, BobKey);
        var mallory = NewPublicKey();

        SafetyNumber.Compute(Alice, AliceKey, Bob, mallory).Should().NotBe(original);
        SafetyNumber.Compute(Alice, mallory, Bob, BobKey).Should().NotBe(original);
    }

    [Fact]
    public void Changing_bobs_key_changes_only_bobs_half()
    {
        var original = SafetyNumber.Compute(Alice, AliceKey, Bob, BobKey);
        var changed = SafetyNumber.Compute(Alice, AliceKey, Bob, NewPublicKey());

        // alice sorts first, so her 30 digits (6 blocks) come first and stay as they were.
        changed[..35].Should().Be(original[..35]);
        changed[36..].Should().NotBe(original[36..]);
    }

    [Fact]
    public void A_one_bit_change_in_a_key_changes_the_number()
    {
        var flipped = (byte[])BobKey.Clone();
        flipped[^1] ^= 0x01;

        SafetyNumber.Compute(Alice, AliceKey, Bob, flipped).Should().NotBe(SafetyNumber.Compute(Alice, AliceKey, Bob, BobKey));
    }

    [Fact]
    public void The_number_binds_the_uids()
    {
        SafetyNumber.Compute(Alice, AliceKey, Uid.Parse("bobby"), BobKey)
            .Should().NotBe(SafetyNumber.Compute(Alice, AliceKey, Bob, BobKey));
    }

    [Fact]
    public void Swapping_the_keys_between_the_uids_changes_the_number()
    {
        SafetyNumber.Compute(Alice, BobKey, Bob, AliceKey)
            .Should().NotBe(SafetyNumber.Compute(Alice, AliceKey, Bob, BobKey));
    }
}
