using System.Collections.Immutable;
using System.Text.Json;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;
using Encryptio.Peer.Console;

namespace Encryptio.Peer.Actors.Tests.Console;

public sealed class EventJsonTests
{
    private const string Hex = "00112233445566778899aabbccddeeff";
    private static readonly ConversationId Conversation = ConversationId.FromBytes(Convert.FromHexString(Hex));
    private static readonly Uid Alice = Uid.Parse("alice");
    private static readonly Uid Bob = Uid.Parse("bob");
    private static readonly Uid Carol = Uid.Parse("carol");
    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);

    private static JsonElement Rendered(IPeerEvent e)
    {
        var line = EventJson.Render(e);
        line.Should().NotContain("\n", "one event is one line");
        using var document = JsonDocument.Parse(line);
        document.RootElement.ValueKind.Should().Be(JsonValueKind.Object);
        return document.RootElement.Clone();
    }

    private static JsonElement RenderedAs(IPeerEvent e, string eventName)
    {
        var o = Rendered(e);
        o.GetProperty("event").GetString().Should().Be(eventName);
        return o;
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(x => x.GetString()!).ToArray();

    [Fact]
    public void Registered_has_uid_p2p_and_advertised()
    {
        var o = RenderedAs(new RegisteredWithDirectory(Alice, new PeerEndpoint("0.0.0.0", 7000), new PeerEndpoint("alice.example", 17000)), "registered");

        o.GetProperty("uid").GetString().Should().Be("alice");
        o.GetProperty("p2p").GetString().Should().Be("0.0.0.0:7000");
        o.GetProperty("advertised").GetString().Should().Be("alice.example:17000");
    }

    [Fact]
    public void Online_has_uids_as_an_array()
    {
        var o = RenderedAs(new OnlineListed([Alice, Bob]), "online");

        Strings(o.GetProperty("uids")).Should().Equal("alice", "bob");
        Strings(RenderedAs(new OnlineListed([]), "online").GetProperty("uids")).Should().BeEmpty();
    }

    [Fact]
    public void Proposed_has_conversation_and_members()
    {
        var o = RenderedAs(new ProposalSent(Conversation, [Alice, Bob, Carol]), "proposed");

        o.GetProperty("conversation").GetString().Should().Be(Hex);
        Strings(o.GetProperty("members")).Should().Equal("alice", "bob", "carol");
    }

    [Fact]
    public void Proposal_has_conversation_from_and_members()
    {
        var o = RenderedAs(new ProposalArrived(Conversation, Bob, [Alice, Bob]), "proposal");

        o.GetProperty("conversation").GetString().Should().Be(Hex);
        o.GetProperty("from").GetString().Should().Be("bob");
        Strings(o.GetProperty("members")).Should().Equal("alice", "bob");
    }

    [Fact]
    public void Proposal_says_how_many_messages_wait_and_zero_for_a_new_conversation()
    {
        RenderedAs(new ProposalArrived(Conversation, Bob, [Alice, Bob]) { Waiting = 40 }, "proposal").GetProperty("waiting").GetInt32().Should().Be(40);
        RenderedAs(new ProposalArrived(Conversation, Bob, [Alice, Bob]), "proposal").GetProperty("waiting").GetInt32().Should().Be(0);
    }

    [Fact]
    public void Introduced_has_conversation_peer_and_dialer_as_a_boolean()
    {
        var o = RenderedAs(new PeerIntroduced(Conversation, Bob, true, new PeerEndpoint("::1", 7001)), "introduced");

        o.GetProperty("conversation").GetString().Should().Be(Hex);
        o.GetProperty("peer").GetString().Should().Be("bob");
        o.GetProperty("dialer").GetBoolean().Should().BeTrue();
        RenderedAs(new PeerIntroduced(Conversation, Bob, false, new PeerEndpoint("h", 1)), "introduced")
            .GetProperty("dialer").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public void Connected_has_conversation_and_peer()
    {
        var o = RenderedAs(new ConversationConnected(Conversation, Bob), "connected");

        o.GetProperty("conversation").GetString().Should().Be(Hex);
        o.GetProperty("peer").GetString().Should().Be("bob");
    }

    [Fact]
    public void Sent_has_conversation_and_id()
    {
        var o = RenderedAs(new MessageSent(Conversation, "m-1"), "sent");

        o.GetProperty("conversation").GetString().Should().Be(Hex);
        o.GetProperty("id").GetString().Should().Be("m-1");
    }

    [Fact]
    public void Message_has_conversation_from_id_text_and_sentAt_in_unix_milliseconds()
    {
        var o = RenderedAs(new MessageReceived(Conversation, Bob, "m-2", "hé \"quoted\"\nline <b>&</b> 😀", SentAt), "message");

        o.GetProperty("conversation").GetString().Should().Be(Hex);
        o.GetProperty("from").GetString().Should().Be("bob");
        o.GetProperty("id").GetString().Should().Be("m-2");
        o.GetProperty("text").GetString().Should().Be("hé \"quoted\"\nline <b>&</b> 😀");
        o.GetProperty("sentAt").GetInt64().Should().Be(1_700_000_000_123);
    }

    [Fact]
    public void Delivered_has_conversation_id_and_peer()
    {
        var o = RenderedAs(new MessageDelivered(Conversation, "m-3", Bob), "delivered");

        o.GetProperty("conversation").GetString().Should().Be(Hex);
        o.GetProperty("id").GetString().Should().Be("m-3");
        o.GetProperty("peer").GetString().Should().Be("bob");
    }

    [Fact]
    public void Undelivered_has_conversation_id_peer_and_reason()
    {
        var o = RenderedAs(new MessageUndelivered(Conversation, "m-4", Bob, "ttl ended"), "undelivered");

        o.GetProperty("conversation").GetString().Should().Be(Hex);
        o.GetProperty("id").GetString().Should().Be("m-4");
        o.GetProperty("peer").GetString().Should().Be("bob");
        o.GetProperty("reason").GetString().Should().Be("ttl ended");
    }

    [Fact]
    public void Expired_has_conversation_and_id()
    {
        var o = RenderedAs(new MessageExpired(Conversation, "m-5"), "expired");

        o.GetProperty("conversation").GetString().Should().Be(Hex);
        o.GetProperty("id").GetString().Should().Be("m-5");
    }

    [Fact]
    public void Declined_has_conversation_and_by()
    {
        var o = RenderedAs(new ConversationDeclined(Conversation, Bob, "busy"), "declined");

        o.GetProperty("conversation").GetString().Should().Be(Hex);
        o.GetProperty("by").GetString().Should().Be("bob");
    }

    [Fact]
    public void Proposal_expired_has_conversation()
    {
        RenderedAs(new ProposalTimedOut(Conversation), "proposal-expired")
            .GetProperty("conversation").GetString().Should().Be(Hex);
    }

    [Fact]
    public void Disconnected_has_conversation_peer_and_reason()
    {
        var o = RenderedAs(new PeerDisconnected(Conversation, Bob, "connection reset"), "disconnected");

        o.GetProperty("conversation").GetString().Should().Be(Hex);
        o.GetProperty("peer").GetString().Should().Be("bob");
        o.GetProperty("reason").GetString().Should().Be("connection reset");
    }

    [Fact]
    public void Conversation_ended_has_conversation_and_reason()
    {
        var o = RenderedAs(new ConversationEnded(Conversation, "bob left"), "conversation-ended");

        o.GetProperty("conversation").GetString().Should().Be(Hex);
        o.GetProperty("reason").GetString().Should().Be("bob left");
    }

    [Fact]
    public void Safety_number_has_uid_and_number()
    {
        const string number = "12345 67890 12345 67890 12345 67890 12345 67890 12345 67890 12345 67890";
        var o = RenderedAs(new SafetyNumberComputed(Bob, number), "safety-number");

        o.GetProperty("uid").GetString().Should().Be("bob");
        o.GetProperty("number").GetString().Should().Be(number);
    }

    [Fact]
    public void Key_changed_has_uid()
    {
        RenderedAs(new PeerKeyChanged(Bob), "key-changed").GetProperty("uid").GetString().Should().Be("bob");
    }

    [Fact]
    public void Key_revoked_has_peer_serial_and_the_conversation_whose_session_ended()
    {
        var o = RenderedAs(new PeerKeyRevoked(Bob, "0A1B", Conversation), "key-revoked");
        o.GetProperty("peer").GetString().Should().Be("bob");
        o.GetProperty("serial").GetString().Should().Be("0A1B");
        o.GetProperty("conversation").GetString().Should().Be(Conversation.Hex);
        RenderedAs(new PeerKeyRevoked(Bob, "0A1B", null), "key-revoked").TryGetProperty("conversation", out _).Should().BeFalse();
    }

    [Fact]
    public void Error_has_message_and_the_command_it_answers()
    {
        var o = RenderedAs(new CommandFailed("no such conversation", "send"), "error");

        o.GetProperty("message").GetString().Should().Be("no such conversation");
        o.GetProperty("command").GetString().Should().Be("send");
    }

    [Fact]
    public void Error_from_a_directory_refusal_carries_its_reason_code_beside_the_message()
    {
        var o = RenderedAs(new CommandFailed("not online: bob", "connect", "not-online"), "error");

        o.GetProperty("message").GetString().Should().Be("not online: bob");
        o.GetProperty("command").GetString().Should().Be("connect");
        o.GetProperty("code").GetString().Should().Be("not-online");
    }

    [Fact]
    public void Error_without_a_command_has_no_command_field()
    {
        var o = RenderedAs(new CommandFailed("not a JSON object"), "error");

        o.GetProperty("message").GetString().Should().Be("not a JSON object");
        o.TryGetProperty("command", out _).Should().BeFalse();
    }

    [Fact]
    public void History_lists_messages_in_the_message_shape()
    {
        var o = RenderedAs(new HistoryListed([new MessageReceived(Conversation, Bob, "m-6", "hi", SentAt)]), "history");

        var message = o.GetProperty("messages").EnumerateArray().Should().ContainSingle().Subject;
        message.GetProperty("event").GetString().Should().Be("message");
        message.GetProperty("text").GetString().Should().Be("hi");
    }

    [Fact]
    public void Directory_unavailable_and_stopping_have_their_own_names()
    {
        RenderedAs(new DirectoryUnavailable("refused", 3, TimeSpan.FromSeconds(4)), "directory-unavailable")
            .GetProperty("retryInMs").GetInt64().Should().Be(4000);
        RenderedAs(new NodeStopping("the user quit"), "stopping").GetProperty("reason").GetString().Should().Be("the user quit");
    }

    /// <summary>One instance of every event type: a new event without a JSON name fails the next test.</summary>
    public static readonly ImmutableArray<IPeerEvent> OneOfEach =
    [
        new RegisteredWithDirectory(Alice, new PeerEndpoint("h", 1), new PeerEndpoint("h", 1)),
        new DirectoryUnavailable("r", 1, TimeSpan.Zero),
        new OnlineListed([]),
        new ProposalSent(Conversation, [Bob]),
        new ProposalArrived(Conversation, Bob, [Alice, Bob]),
        new PeerIntroduced(Conversation, Bob, true, new PeerEndpoint("h", 1)),
        new ConversationConnected(Conversation, Bob),
        new MessageSent(Conversation, "i"),
        new MessageReceived(Conversation, Bob, "i", "t", SentAt),
        new MessageDelivered(Conversation, "i", Bob),
        new MessageUndelivered(Conversation, "i", Bob, "r"),
        new MessagePending(Conversation, "i", Bob, "link down"),
        new QuitHeld(2),
        new MessageExpired(Conversation, "i"),
        new ConversationDeclined(Conversation, Bob, "r"),
        new ProposalTimedOut(Conversation),
        new PeerDisconnected(Conversation, Bob, "r"),
        new ConversationEnded(Conversation, "r"),
        new SafetyNumberComputed(Bob, "n"),
        new PeerKeyChanged(Bob),
        new PeerKeyRevoked(Bob, "0A1B", Conversation),
        new HistoryListed([]),
        new CommandFailed("m"),
        new NodeStopping("r"),
    ];

    [Fact]
    public void Pending_names_the_member_and_the_reason_and_an_expired_message_names_the_member_it_never_reached()
    {
        var pending = RenderedAs(new MessagePending(Conversation, "m-6", Bob, "link down"), "pending");
        pending.GetProperty("peer").GetString().Should().Be("bob");
        pending.GetProperty("reason").GetString().Should().Be("link down");
        RenderedAs(new MessageExpired(Conversation, "m-7", Bob), "expired").GetProperty("peer").GetString().Should().Be("bob");
        RenderedAs(new MessageExpired(Conversation, "m-8"), "expired").TryGetProperty("peer", out _).Should().BeFalse("history expiry names no member");
        RenderedAs(new QuitHeld(4), "quit-held").GetProperty("waiting").GetInt32().Should().Be(4);
    }

    [Fact]
    public void Every_event_type_has_a_json_name_of_its_own()
    {
        var eventTypes = typeof(IPeerEvent).Assembly.GetTypes()
            .Where(t => typeof(IPeerEvent).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false });
        OneOfEach.Select(e => e.GetType()).Should().BeEquivalentTo(eventTypes, "every IPeerEvent needs a case in EventJson and a row in this list");

        var names = OneOfEach.Select(e => Rendered(e).GetProperty("event").GetString()).ToList();

        names.Should().NotContain("unknown").And.OnlyHaveUniqueItems();
    }

    [Fact]
    public void Every_event_has_a_text_rendering_that_is_not_the_record_dump()
    {
        foreach (var e in OneOfEach.Where(e => e is not MessageSent))
            EventText.Render(e).Should().NotBeNullOrWhiteSpace().And.NotContain(e.GetType().Name + " {");
    }
}
