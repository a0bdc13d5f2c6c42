using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Peer.Link;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Link;

/// Every P2P link, dialed or accepted, runs TCP keepalive, so a peer that vanishes without FIN or RST
/// is noticed on an idle link too. Checked in the kernel's own table of sockets (Linux).
public sealed class TcpKeepAliveSpecs(ITestOutputHelper output) : LinkTestKit(output)
{
    private const string KeepAliveTimer = "02"; // /proc/net/tcp "tr": 2 = the keepalive timer is armed

    [Fact]
    public void Both_ends_of_an_established_link_have_the_keepalive_timer_armed()
    {
        if (!OperatingSystem.IsLinux()) return;
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        Connect(alice, bob);

        AwaitAssert(() =>
        {
            var links = EstablishedLoopbackSockets().Where(s => s.LocalPort == bob.Endpoint.Port || s.RemotePort == bob.Endpoint.Port).ToList();
            links.Should().Contain(s => s.LocalPort == bob.Endpoint.Port, "bob's accepted end");
            links.Should().Contain(s => s.RemotePort == bob.Endpoint.Port, "alice's dialed end");
            links.Should().OnlyContain(s => s.Timer == KeepAliveTimer, "an idle link with keepalive has its keepalive timer armed");
        }, Patience);
    }

    [Fact]
    public void The_option_sets_keepalive_and_its_times_on_a_socket()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        new TcpKeepAlive(TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(2), 4).Apply(socket);

        ((int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!).Should().NotBe(0);
        socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime).Should().Be(7);
        socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval).Should().Be(2);
        socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount).Should().Be(4);
    }

    private sealed record KernelSocket(int LocalPort, int RemotePort, string Timer);

    /// Rows of /proc/net/tcp and tcp6 (Akka.IO dials with a dual-mode socket) in state 01 (ESTABLISHED)
    /// between loopback addresses.
    private static IEnumerable<KernelSocket> EstablishedLoopbackSockets()
    {
        foreach (var line in new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists).SelectMany(f => File.ReadLines(f).Skip(1)))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || fields[3] != "01") continue;
            var (localIp, localPort) = Endpoint(fields[1]);
            var (remoteIp, remotePort) = Endpoint(fields[2]);
            if (!IPAddress.IsLoopback(localIp) || !IPAddress.IsLoopback(remoteIp)) continue;
            yield return new KernelSocket(localPort, remotePort, fields[5].Split(':')[0]);
        }
    }

    /// "0100007F:1F90": the address as the kernel stores it (32-bit words, each little-endian hex; four
    /// of them for IPv6), then the port in hex. An IPv4-mapped IPv6 address comes back as IPv4.
    private static (IPAddress Address, int Port) Endpoint(string field)
    {
        var parts = field.Split(':');
        var bytes = Enumerable.Range(0, parts[0].Length / 8)
            .SelectMany(i => BitConverter.GetBytes(uint.Parse(parts[0].Substring(i * 8, 8), NumberStyles.HexNumber)))
            .ToArray();
        var address = new IPAddress(bytes);
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return (address, int.Parse(parts[1], NumberStyles.HexNumber));
    }
}
