using System.Runtime.Serialization;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Encryptio.Messages.Cluster;
using Encryptio.Messages.Identity;
using Encryptio.Messages.Serialization;

namespace Encryptio.Messages.Tests.Serialization;

/// <summary>What directory nodes tell each other about registrations (only over the directory-only cluster system).</summary>
public sealed class ClusterSerializerSpecs : TestKit
{
    private readonly ClusterSerializer _serializer;

    public ClusterSerializerSpecs() => _serializer = new ClusterSerializer((ExtendedActorSystem)Sys);

    private static readonly Uid Alice = Uid.Parse("alice");

    public static TheoryData<string, IClusterMessage> Samples() => new()
    {
        { "claim", new ClaimUid(Alice, ActorRefs.Nobody, 42, Fresh: true) },
        { "release", new ReleaseUid(Alice, ActorRefs.Nobody, long.MaxValue) },
        { "superseded", new UidSuperseded(Alice, 7) },
        { "claimed", new UidClaimed(Alice, 8) },
        { "registered", new UidRegistered(Alice) },
        { "renewalnoted", new RelayRenewalNoted(ConversationId.New(), Alice, Uid.Parse("bob")) },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_cluster_message_round_trips_under_its_own_manifest(string manifest, IClusterMessage message)
    {
        _serializer.Manifest(message).Should().Be(manifest);
        // The actor ref is checked on its own (a real actor below); Nobody resolves to a stand-in.
        _serializer.FromBinary(_serializer.ToBinary(message), manifest).Should()
            .BeEquivalentTo(message, o => o.RespectingRuntimeTypes().Excluding(m => m.Path == "Node"));
    }

    [Fact]
    public void An_actor_ref_in_a_claim_comes_back_as_the_same_actor()
    {
        var node = CreateTestProbe().Ref;
        var back = (ClaimUid)_serializer.FromBinary(_serializer.ToBinary(new ClaimUid(Alice, node, 1, Fresh: false)), "claim");
        back.Node.Should().Be(node);
        back.Fresh.Should().BeFalse();
    }

    [Fact]
    public void A_fresh_relay_request_round_trips_with_its_pair_and_the_members_link()
    {
        var link = CreateTestProbe().Ref;
        var wanted = new WantRelayRenewal(ConversationId.New(), Alice, Uid.Parse("bob"), link);
        var bytes = _serializer.ToBinary(wanted);
        _serializer.Manifest(wanted).Should().Be("renewal");

        _serializer.FromBinary(bytes, "renewal").Should().Be(wanted);
        ((Action)(() => _serializer.FromBinary(bytes[..^1], "renewal"))).Should().Throw<SerializationException>();
        ((Action)(() => _serializer.FromBinary([.. bytes, 0], "renewal"))).Should().Throw<SerializationException>();
        ((Action)(() => _serializer.FromBinary(bytes[..10], "renewal"))).Should().Throw<SerializationException>("a cut conversation id");
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_truncated_or_padded_message_is_refused(string manifest, IClusterMessage message)
    {
        var bytes = _serializer.ToBinary(message);
        ((Action)(() => _serializer.FromBinary(bytes[..^1], manifest))).Should().Throw<SerializationException>();
        ((Action)(() => _serializer.FromBinary([.. bytes, 0], manifest))).Should().Throw<SerializationException>();
    }

    [Fact]
    public void A_bad_uid_or_an_unknown_manifest_is_refused()
    {
        var bytes = _serializer.ToBinary(new UidSuperseded(Alice, 1));
        bytes[1] = (byte)'A'; // "alice" -> "Alice": not a UID
        ((Action)(() => _serializer.FromBinary(bytes, "superseded"))).Should().Throw<SerializationException>();
        ((Action)(() => _serializer.FromBinary([], "nope"))).Should().Throw<SerializationException>();
    }
}
