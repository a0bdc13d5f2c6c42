using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Actors.Tests.Crypto;

public sealed class SkippedMessageKeysSpecs
{
    private static byte[] Chain(byte tag) => Enumerable.Repeat(tag, 97).ToArray();

    private static byte[] Key() => Enumerable.Repeat((byte)0xAB, RatchetKdf.MessageKeyLength).ToArray();

    [Fact]
    public void Over_2000_stored_keys_the_oldest_overall_is_zeroed_and_dropped()
    {
        using var store = new SkippedMessageKeys();
        var oldest = Key();
        store.Add(Chain(1), 0, oldest);
        for (uint n = 1; n < 1000; n++) store.Add(Chain(1), n, Key());
        for (uint n = 0; n < 1000; n++) store.Add(Chain(2), n, Key());
        store.Count.Should().Be(2000);

        store.Add(Chain(3), 0, Key());

        store.Count.Should().Be(RatchetLimits.MaxSkippedKeys);
        store.TryGet(Chain(1), 0, out _).Should().BeFalse();
        oldest.Should().OnlyContain(b => b == 0);
        store.TryGet(Chain(1), 1, out _).Should().BeTrue();
        store.TryGet(Chain(3), 0, out _).Should().BeTrue();
    }

    [Fact]
    public void Over_1000_keys_in_one_chain_that_chains_oldest_is_dropped_not_another_chains()
    {
        using var store = new SkippedMessageKeys();
        store.Add(Chain(9), 5, Key());
        for (uint n = 0; n < 1001; n++) store.Add(Chain(1), n, Key());

        store.Count.Should().Be(1001);
        store.TryGet(Chain(9), 5, out _).Should().BeTrue();
        store.TryGet(Chain(1), 0, out _).Should().BeFalse();
        store.TryGet(Chain(1), 1000, out _).Should().BeTrue();
    }

    [Fact]
    public void Keys_are_found_by_key_content_and_number_and_removed_once_used()
    {
        using var store = new SkippedMessageKeys();
        var key = Key();
        store.Add(Chain(1), 7, key);

        store.TryGet(Chain(1), 7, out var found).Should().BeTrue();
        found.Should().BeSameAs(key);
        store.TryGet(Chain(1), 8, out _).Should().BeFalse();
        store.TryGet(Chain(2), 7, out _).Should().BeFalse();

        store.Remove(Chain(1), 7);
        store.Count.Should().Be(0);
        key.Should().OnlyContain(b => b == 0);
    }
}
