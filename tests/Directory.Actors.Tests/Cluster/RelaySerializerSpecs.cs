using System.Runtime.Serialization;
using Akka.Actor;
using Encryptio.Directory.Cluster;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory.Actors.Tests.Cluster;

/// <summary>What a proposal sends across the directory cluster: a message for a member's peer, and that member's answer.</summary>
public sealed class RelaySerializerSpecs : Akka.TestKit.Xunit2.TestKit
{
    private readonly RelaySerializer _serializer;

    public RelaySerializerSpecs() => _serializer = new RelaySerializer((ExtendedActorSystem)Sys);

    [Fact]
    public void A_message_for_a_peer_round_trips_with_the_directory_message_inside()
    {
        var conversation = ConversationId.New();
        var message = new PeerLink.ToPeer(new ProposalExpired(conversation));
        var back = (PeerLink.ToPeer)_serializer.FromBinary(_serializer.ToBinary(message), _serializer.Manifest(message));
        back.Message.Should().Be(new ProposalExpired(conversation));
    }

    [Fact]
    public void An_answer_round_trips_with_its_link()
    {
        var link = CreateTestProbe().Ref;
        var answer = new Proposals.Answer(ConversationId.New(), Uid.Parse("bob"), true, link);
        _serializer.FromBinary(_serializer.ToBinary(answer), "answer").Should().Be(answer);
    }

    [Fact]
    public void A_truncated_message_or_an_unknown_manifest_is_refused()
    {
        var bytes = _serializer.ToBinary(new PeerLink.ToPeer(Who.Instance));
        ((Action)(() => _serializer.FromBinary(bytes[..^1], "topeer"))).Should().Throw<SerializationException>();
        ((Action)(() => _serializer.FromBinary(bytes, "nope"))).Should().Throw<SerializationException>();
    }
}
