using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Sessions;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Peer.Link;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Link;

/// The listener closes every inbound link that does not open with a well-formed Hello in time, and
/// the node goes on: a genuine session still connects afterwards.
public sealed class ListenerActorSpecs(ITestOutputHelper output) : LinkTestKit(output)
{
    private static readonly TimeSpan ShortHandshake = TimeSpan.FromMilliseconds(500);

    public static TheoryData<string, byte[]> HostileOpenings()
    {
        var random = new Random(20261125);
        var garbage = new byte[256];
        random.NextBytes(garbage);
        garbage[0] = 0x9C; // a length far over 64 KiB, whatever the seed
        return new TheoryData<string, byte[]>
        {
            { "random bytes", garbage },
            { "a zero length", [0, 0, 0, 0] },
            { "a length over 64 KiB", [0, 1, 0, 1, 1] },
            { "an unknown frame type", [0, 0, 0, 3, 0x7E, 1, 2] },
            { "a HelloReply first", FrameEncoder.Encode(FrameType.HelloReply, new byte[193]) },
            { "a Sealed frame first", FrameEncoder.Encode(FrameType.Sealed, new byte[121]) },
            { "a truncated Hello", FrameEncoder.Encode(FrameType.Hello, new byte[40]) },
            { "a Hello with an invalid UID", FrameEncoder.Encode(FrameType.Hello, HelloCodec.Encode(new Hello(1, new byte[16], "Alice!", "bob", new byte[97], new byte[96]))) },
        };
    }

    [Theory]
    [MemberData(nameof(HostileOpenings))]
    public async Task An_inbound_link_that_does_not_open_with_a_well_formed_Hello_is_closed_and_the_node_goes_on(string opening, byte[] bytes)
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob", ShortHandshake);
        using var hostile = await RawPeer.ConnectAsync(bob.Endpoint);

        await hostile.SendAsync(bytes);

        (await hostile.ClosedWithinAsync(Patience)).Should().BeTrue($"the listener refuses {opening}");
        bob.Probe.ExpectNoMsg(TimeSpan.Zero); // nothing reached the node
        AssertASessionStillConnects(alice, bob);
    }

    [Fact]
    public async Task A_silent_inbound_link_is_closed_at_the_handshake_limit()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob", ShortHandshake);
        using var silent = await RawPeer.ConnectAsync(bob.Endpoint);

        (await silent.ClosedWithinAsync(Patience)).Should().BeTrue();
        AssertASessionStillConnects(alice, bob);
    }

    [Fact]
    public async Task A_silent_link_stays_open_until_the_limit()
    {
        var bob = StartNode("bob", TimeSpan.FromSeconds(3));
        using var silent = await RawPeer.ConnectAsync(bob.Endpoint);

        (await silent.ClosedWithinAsync(TimeSpan.FromMilliseconds(500))).Should().BeFalse("the 3 s limit has not run out");
        (await silent.ClosedWithinAsync(Patience)).Should().BeTrue();
    }

    [Fact]
    public async Task Links_beyond_the_cap_of_unauthenticated_links_are_refused_at_once()
    {
        var bob = StartNode("bob", TimeSpan.FromSeconds(30), maxUnauthenticated: 2);
        using var first = await RawPeer.ConnectAsync(bob.Endpoint);
        using var second = await RawPeer.ConnectAsync(bob.Endpoint);
        (await second.ClosedWithinAsync(TimeSpan.FromMilliseconds(300))).Should().BeFalse("two waiting links are allowed");

        // The refusal can be so quick that the connect itself sees the reset: that is a refusal too.
        RawPeer? third = null;
        try { third = await RawPeer.ConnectAsync(bob.Endpoint); }
        catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionReset) { }
        using (third)
            (third is null || await third.ClosedWithinAsync(Patience)).Should().BeTrue("the cap is 2 and the handshake limit (30 s) is far away");
    }

    private const string FirstRefusal = "links are already waiting for their Hello";

    private static string Summary(int count) => $"{count} more P2P links refused in the last";

    [Fact]
    public async Task A_refused_flood_is_logged_once_per_burst_with_a_count()
    {
        var (_, endpoint) = StartListener(maxUnauthenticated: 4);

        await EventFilter.Warning(contains: FirstRefusal).ExpectOneAsync(async () =>
            await EventFilter.Warning(contains: Summary(19)).ExpectOneAsync(Patience, async () =>
            {
                var waiting = await OpenWaitingLinks(endpoint, 4);
                for (var i = 0; i < 20; i++) await ConnectAndExpectRefusal(endpoint);
                waiting.ForEach(link => link.Dispose());
            }));
        // 1 line for the first refusal and a count of 19 in the summary: all 20 refusals are accounted for.
    }

    [Fact]
    public async Task After_a_burst_is_summed_up_the_next_refusal_is_logged_at_once_again()
    {
        var (_, endpoint) = StartListener(maxUnauthenticated: 1);
        using var waiting = (await OpenWaitingLinks(endpoint, 1)).Single();

        await EventFilter.Warning(contains: Summary(1)).ExpectOneAsync(Patience, async () =>
            await EventFilter.Warning(contains: FirstRefusal).ExpectOneAsync(async () =>
            {
                await ConnectAndExpectRefusal(endpoint);
                await ConnectAndExpectRefusal(endpoint);
            }));

        await EventFilter.Warning(contains: FirstRefusal).ExpectOneAsync(() => ConnectAndExpectRefusal(endpoint));
    }

    [Fact]
    public async Task A_flood_that_never_pauses_is_still_summed_up_once_per_period()
    {
        var period = TimeSpan.FromSeconds(1);
        var (_, endpoint) = StartListener(maxUnauthenticated: 1, refusalQuiet: TimeSpan.FromSeconds(30), refusalSummaryEvery: period);
        using var waiting = (await OpenWaitingLinks(endpoint, 1)).Single();

        await EventFilter.Warning(contains: FirstRefusal).ExpectOneAsync(async () =>
        {
            await EventFilter.Warning(contains: Summary(2)).ExpectOneAsync(Patience, async () =>
            {
                await ConnectAndExpectRefusal(endpoint);
                await ConnectAndExpectRefusal(endpoint);
                // The period runs out while the burst goes on (the quiet period is 30 s): the next refusal brings the summary.
                (await waiting.ClosedWithinAsync(period + TimeSpan.FromMilliseconds(200))).Should().BeFalse("the handshake limit is 30 s");
                await ConnectAndExpectRefusal(endpoint);
            });
            await ConnectAndExpectRefusal(endpoint); // still the same burst: counted, no line of its own
        });
    }

    [Fact]
    public async Task Refusals_not_yet_logged_are_summed_up_when_the_listener_stops()
    {
        var (listener, endpoint) = StartListener(maxUnauthenticated: 1, refusalQuiet: TimeSpan.FromSeconds(30));
        using var waiting = (await OpenWaitingLinks(endpoint, 1)).Single();

        await EventFilter.Warning(contains: FirstRefusal).ExpectOneAsync(async () =>
        {
            for (var i = 0; i < 3; i++) await ConnectAndExpectRefusal(endpoint);
        });

        await EventFilter.Warning(contains: Summary(2)).ExpectOneAsync(Patience, () =>
        {
            Sys.Stop(listener);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task A_well_formed_Hello_for_a_conversation_the_node_does_not_have_is_refused()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        var stranger = new Hello(1, new byte[16], "mallory", "bob", new byte[97], new byte[96]);
        using var hostile = await RawPeer.ConnectAsync(bob.Endpoint);

        await hostile.SendAsync(FrameEncoder.Encode(FrameType.Hello, HelloCodec.Encode(stranger)));

        (await hostile.ClosedWithinAsync(Patience)).Should().BeTrue("no session matches, so the node refuses the link");
        AssertASessionStillConnects(alice, bob);
    }

    /// A bare listener under a probe (it tells its parent where it is bound), with a 30 s handshake
    /// limit so that waiting links stay for the whole spec.
    private (IActorRef Listener, PeerEndpoint Endpoint) StartListener(int maxUnauthenticated, TimeSpan? refusalQuiet = null, TimeSpan? refusalSummaryEvery = null)
    {
        var parent = CreateTestProbe();
        var listener = parent.ChildActorOf(ListenerActor.Props("127.0.0.1", 0, TimeSpan.FromSeconds(30), maxUnauthenticated,
            refusalQuiet ?? ListenerActor.RefusalBurstQuiet, refusalSummaryEvery ?? ListenerActor.RefusalSummaryEvery), "listener");
        return (listener, parent.ExpectMsg<ListenerBound>(Patience).Endpoint);
    }

    /// Silent links that fill the cap; still open a moment later, so the listener took them.
    private static async Task<List<RawPeer>> OpenWaitingLinks(PeerEndpoint endpoint, int count)
    {
        var links = new List<RawPeer>();
        for (var i = 0; i < count; i++) links.Add(await RawPeer.ConnectAsync(endpoint));
        (await links[^1].ClosedWithinAsync(TimeSpan.FromMilliseconds(300))).Should().BeFalse("the cap allows these links");
        return links;
    }

    /// Returns once the listener has refused the link, so refusals reach it one after another.
    private static async Task ConnectAndExpectRefusal(PeerEndpoint endpoint)
    {
        RawPeer? link = null;
        // The refusal can be so quick that the connect itself sees the reset: that is a refusal too.
        try { link = await RawPeer.ConnectAsync(endpoint); }
        catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionReset) { }
        using (link)
            (link is null || await link.ClosedWithinAsync(Patience)).Should().BeTrue("the cap is full");
    }

    private void AssertASessionStillConnects(Node alice, Node bob)
    {
        var (aliceSession, _) = Connect(alice, bob);
        var chat = Chat("still here");
        aliceSession.Tell(chat);
        bob.Probe.FishForMessage<ChatArrived>(_ => true, Patience).Id.Should().Be(chat.Id);
    }
}
