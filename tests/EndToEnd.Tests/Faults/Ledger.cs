using System.Text.Json;
using Encryptio.EndToEnd.Tests.Support;

namespace Encryptio.EndToEnd.Tests.Faults;

/// <summary>
/// What one side sent and how each message ended, and what the other side showed. The rule checked
/// (PROTOCOL.md section 5): every message ends delivered (shown exactly once at the receiver) or is
/// reported undelivered (shown at most once: the ack may have been lost with the link); none is shown
/// twice; none vanishes; nothing unsent is shown.
/// </summary>
internal sealed class Ledger(EncryptioProcess sender, EncryptioProcess receiver, string conversation)
{
    private static readonly string[] Outcomes = ["delivered", "undelivered"];

    public List<string> Sent { get; } = [];
    public Dictionary<string, List<string>> OutcomesById { get; } = new();
    public Dictionary<string, int> ShownById { get; } = new();
    public int Delivered => OutcomesById.Values.Count(o => o is ["delivered"]);
    public int Undelivered => OutcomesById.Values.Count(o => o is ["undelivered"]);
    public List<string> UndeliveredReasons { get; } = [];

    /// <summary>The ids the receiver showed, in the order it showed them (filled by <see cref="SettleWithMarker"/>).</summary>
    public List<string> ShownInOrder { get; } = [];

    /// <summary>The `sent` answers to <paramref name="count"/> send commands, in order.</summary>
    public async Task CollectSent(int count)
    {
        while (Sent.Count < count)
            Sent.Add((await sender.Expect("sent", e => Conv(e) == conversation, TimeSpan.FromSeconds(60))).GetProperty("id").GetString()!);
    }

    /// <summary>Waits until every sent message has an outcome at the sender.</summary>
    public async Task AwaitOutcomes(TimeSpan timeoutEach)
    {
        var pending = Sent.ToHashSet();
        while (pending.Count > 0)
        {
            var e = await sender.ExpectOneOf(Outcomes, e => Conv(e) == conversation && pending.Contains(Id(e)), timeoutEach);
            var id = Id(e);
            pending.Remove(id);
            Record(e, id);
        }
    }

    /// <summary>
    /// A marker sent after every outcome is in: the outbox is empty, so nothing can be resent after it.
    /// Once it is shown, every `message` event the receiver will ever emit for this ledger is in.
    /// </summary>
    public async Task SettleWithMarker(string marker)
    {
        sender.Send(new { cmd = "send", conversation, text = marker });
        var markerId = (await sender.Expect("sent", e => Conv(e) == conversation, TimeSpan.FromSeconds(60))).GetProperty("id").GetString()!;
        await sender.Expect("delivered", e => Id(e) == markerId, TimeSpan.FromSeconds(60));
        await receiver.Expect("message", e => Id(e) == markerId, TimeSpan.FromSeconds(60));
        foreach (var e in receiver.TakeAll("message").Where(e => Conv(e) == conversation))
        {
            ShownById[Id(e)] = ShownById.GetValueOrDefault(Id(e)) + 1;
            ShownInOrder.Add(Id(e));
        }
        // Outcome events that were not waited for (a second one for an id would be a bug).
        foreach (var name in Outcomes)
        foreach (var e in sender.TakeAll(name).Where(e => Conv(e) == conversation && OutcomesById.ContainsKey(Id(e))))
            Record(e, Id(e));
    }

    public void Verify()
    {
        var sent = Sent.ToHashSet();
        Sent.Should().OnlyHaveUniqueItems();
        ShownById.Where(s => s.Value > 1).Should().BeEmpty("no message is shown twice");
        ShownById.Keys.Where(id => !sent.Contains(id)).Should().BeEmpty("only messages that were sent are shown");
        foreach (var id in Sent)
        {
            var outcomes = OutcomesById.GetValueOrDefault(id) ?? [];
            outcomes.Should().HaveCount(1, $"message {id} ends delivered or undelivered, once");
            if (outcomes[0] == "delivered")
                ShownById.GetValueOrDefault(id).Should().Be(1, $"delivered message {id} was shown exactly once");
        }
    }

    public override string ToString() =>
        $"{sender.Name}->{receiver.Name}: sent {Sent.Count}, delivered {Delivered}, undelivered {Undelivered}" +
        (UndeliveredReasons.Count > 0 ? $" ({string.Join("; ", UndeliveredReasons.Distinct())})" : "") +
        $", shown {ShownById.Count}, shown twice {ShownById.Count(s => s.Value > 1)}";

    private void Record(JsonElement e, string id)
    {
        var name = e.GetProperty("event").GetString()!;
        if (!OutcomesById.TryGetValue(id, out var list)) OutcomesById[id] = list = [];
        list.Add(name);
        if (name == "undelivered" && e.TryGetProperty("reason", out var reason)) UndeliveredReasons.Add(reason.GetString()!);
    }

    private static string Conv(JsonElement e) => e.GetProperty("conversation").GetString()!;
    private static string Id(JsonElement e) => e.GetProperty("id").GetString()!;
}
