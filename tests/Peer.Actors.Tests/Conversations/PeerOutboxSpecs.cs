using Encryptio.Messages.P2P;
using Encryptio.Peer.Conversations;
using Encryptio.Peer.Node;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Actors.Tests.Conversations;

/// The unacked messages to one peer and the send window, without an ActorSystem.
public sealed class PeerOutboxSpecs
{
    private const int FrameBytes = 100;

    private readonly List<MessageId> _sent = new();

    private int Send(SendChat chat)
    {
        _sent.Add(chat.Id);
        return FrameBytes;
    }

    private static SendChat Chat(string text = "hello", long ttlSeconds = 60) =>
        new(MessageId.NewRandom(), ChatText.From(text), DateTimeOffset.UnixEpoch, MessageTtl.FromSeconds(ttlSeconds));

    private static List<SendChat> Fill(PeerOutbox outbox, int count)
    {
        var chats = Enumerable.Range(0, count).Select(_ => Chat()).ToList();
        foreach (var chat in chats) outbox.Add(chat, out _).Should().Be(Admission.Added);
        return chats;
    }

    [Fact]
    public void Messages_go_out_in_the_order_they_were_sent_and_a_new_link_resends_every_unacked_one_in_that_order()
    {
        var outbox = new PeerOutbox(limit: 10);
        var chats = Fill(outbox, 4);
        outbox.StartLink();
        outbox.Pump(Send);
        _sent.Should().Equal(chats.Select(c => c.Id));

        outbox.Remove(chats[1].Id).Should().BeTrue();
        outbox.EndLink();
        _sent.Clear();
        outbox.StartLink();
        outbox.Pump(Send);

        _sent.Should().Equal(chats[0].Id, chats[2].Id, chats[3].Id);
    }

    [Fact]
    public void Messages_taken_while_no_link_is_up_wait_for_the_next_one_and_go_out_once()
    {
        var outbox = new PeerOutbox(limit: 10);
        var chats = Fill(outbox, 3);
        outbox.EndLink();

        outbox.StartLink();
        outbox.Pump(Send);

        _sent.Should().Equal(chats.Select(c => c.Id), "each held message once, oldest first");
    }

    [Fact]
    public void The_window_holds_back_what_is_beyond_its_bytes_until_acks_make_room()
    {
        var outbox = new PeerOutbox(limit: 10, windowBytes: 3 * FrameBytes);
        var chats = Fill(outbox, 5);
        outbox.StartLink();

        outbox.Pump(Send).Should().BeTrue("the window filled: one log line for this episode");
        _sent.Should().Equal(chats.Take(3).Select(c => c.Id));
        outbox.InFlightBytes.Should().Be(3 * FrameBytes);
        outbox.Waiting.Should().Be(2);
        outbox.Pump(Send).Should().BeFalse("the same episode is not reported twice");

        outbox.Remove(chats[0].Id);
        outbox.Pump(Send).Should().BeFalse();
        _sent.Should().Equal(chats.Take(4).Select(c => c.Id));

        outbox.Remove(chats[1].Id);
        outbox.Pump(Send).Should().BeFalse("everything is on the link: the episode is over");
        _sent.Should().Equal(chats.Select(c => c.Id));
        outbox.Waiting.Should().Be(0);
    }

    [Fact]
    public void A_lost_link_empties_the_window_and_keeps_every_message()
    {
        var outbox = new PeerOutbox(limit: 10, windowBytes: 2 * FrameBytes);
        Fill(outbox, 3);
        outbox.StartLink();
        outbox.Pump(Send);

        outbox.EndLink();

        outbox.InFlightBytes.Should().Be(0);
        outbox.Count.Should().Be(3);
        outbox.Waiting.Should().Be(3);
    }

    [Fact]
    public void An_acked_message_is_removed_once_and_a_repeated_or_unknown_ack_changes_nothing()
    {
        var outbox = new PeerOutbox(limit: 10);
        var chat = Fill(outbox, 1)[0];

        outbox.Remove(chat.Id).Should().BeTrue();
        outbox.Remove(chat.Id).Should().BeFalse();
        outbox.Remove(MessageId.NewRandom()).Should().BeFalse();
        outbox.Count.Should().Be(0);
    }

    [Fact]
    public void The_outbox_refuses_beyond_its_limit_and_a_message_it_already_holds_is_neither_added_nor_refused()
    {
        var outbox = new PeerOutbox(limit: 2);
        var held = Fill(outbox, 2);

        outbox.Add(Chat(), out var refusal).Should().Be(Admission.Refused);
        refusal.Should().Be("outbox full: 2 messages already wait for this member");
        outbox.Add(held[0], out refusal).Should().Be(Admission.AlreadyHeld);
        refusal.Should().BeNull();
        outbox.Count.Should().Be(2);
    }

    [Fact]
    public void Taking_all_gives_every_held_message_oldest_first_and_leaves_the_outbox_empty()
    {
        var outbox = new PeerOutbox(limit: 10);
        var chats = Fill(outbox, 3);

        outbox.TakeAll().Should().Equal(chats);
        outbox.Count.Should().Be(0);
        outbox.StartLink();
        outbox.Pump(Send);
        _sent.Should().BeEmpty();
    }

    [Fact]
    public void The_outbox_refuses_text_beyond_its_byte_cap_and_counts_what_leaves()
    {
        var outbox = new PeerOutbox(limit: 10, limitBytes: 10);
        var first = Chat("12345678");

        outbox.Add(first, out _).Should().Be(Admission.Added);
        outbox.Add(Chat("123"), out var refusal).Should().Be(Admission.Refused);
        refusal.Should().StartWith("outbox full: 0 KiB");
        outbox.Remove(first.Id);
        outbox.HeldBytes.Should().Be(0);
        outbox.Add(Chat("123"), out _).Should().Be(Admission.Added);
    }

    [Fact]
    public void Outboxes_share_the_node_wide_cap_and_give_back_what_leaves_them()
    {
        var budget = new OutboxBudget(maxMessages: 2, maxBytes: 1024);
        var toBob = new PeerOutbox(limit: 10, budget: budget);
        var toCarol = new PeerOutbox(limit: 10, budget: budget);
        var kept = Chat("one");

        toBob.Add(kept, out _).Should().Be(Admission.Added);
        toCarol.Add(Chat("two"), out _).Should().Be(Admission.Added);
        toCarol.Add(Chat("three"), out var refusal).Should().Be(Admission.Refused);
        refusal.Should().StartWith("this node already holds as many waiting messages as it may");
        budget.Messages.Should().Be(2);

        toBob.Remove(kept.Id);
        toCarol.TakeAll();
        budget.Messages.Should().Be(0);
        budget.Bytes.Should().Be(0);
        toBob.Add(Chat("four"), out _).Should().Be(Admission.Added);
    }
}
