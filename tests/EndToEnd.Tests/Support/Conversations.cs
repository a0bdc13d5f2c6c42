using System.Text.Json;

namespace Encryptio.EndToEnd.Tests.Support;

/// <summary>Small steps the chat specs share.</summary>
internal static class Conversations
{
    public sealed record ReceivedMessage(string Id, string From, string Text);

    /// <summary>The first peer proposes to the others; all accept; every pair's link comes up.</summary>
    public static async Task<string> Start(EncryptioProcess proposer, params EncryptioProcess[] invited)
    {
        proposer.Send(new { cmd = "connect", to = invited.Select(p => p.Name).ToArray() });
        var conversation = (await proposer.Expect("proposed")).GetProperty("conversation").GetString()!;
        foreach (var peer in invited)
        {
            await peer.Expect("proposal", e => e.GetProperty("conversation").GetString() == conversation);
            peer.Send(new { cmd = "accept", conversation });
        }
        var everyone = invited.Prepend(proposer).ToArray();
        foreach (var peer in everyone)
            for (var i = 0; i < everyone.Length - 1; i++)
                await peer.Expect("connected", e => e.GetProperty("conversation").GetString() == conversation);
        return conversation;
    }

    public static async Task<List<ReceivedMessage>> Received(EncryptioProcess peer, string conversation, int count)
    {
        var messages = new List<ReceivedMessage>();
        while (messages.Count < count)
        {
            var e = await peer.Expect("message", m => m.GetProperty("conversation").GetString() == conversation, TimeSpan.FromSeconds(60));
            messages.Add(new ReceivedMessage(e.GetProperty("id").GetString()!, e.GetProperty("from").GetString()!, e.GetProperty("text").GetString()!));
        }
        messages.Select(m => m.Id).Should().OnlyHaveUniqueItems("each message is shown once");
        return messages;
    }

    public static async Task<List<string>> Delivered(EncryptioProcess peer, int count)
    {
        var receipts = new List<string>();
        while (receipts.Count < count)
        {
            JsonElement e = await peer.Expect("delivered", timeout: TimeSpan.FromSeconds(60));
            receipts.Add(e.GetProperty("id").GetString() + "/" + e.GetProperty("peer").GetString());
        }
        return receipts;
    }
}
