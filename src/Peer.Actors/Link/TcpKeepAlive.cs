using System.Net.Sockets;
using Akka.IO;

namespace Encryptio.Peer.Link;

/// <summary>
/// TCP keepalive on every P2P link, dialed or accepted. A peer that vanishes without FIN or RST (power
/// lost, cable pulled, a NAT that forgets the flow) would otherwise leave an idle link looking up
/// forever: only a message sent on it would notice (through the undelivered-after timer). With
/// keepalive the kernel probes an idle link and resets it after <see cref="Idle"/> + probes x
/// <see cref="Interval"/> of silence (30 s by default), and the session reports the link lost and
/// redials. Nothing on the wire of the protocol changes: the probes are empty TCP segments.
/// </summary>
public sealed class TcpKeepAlive : Inet.SocketOption
{
    public static TcpKeepAlive Default { get; } = new(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5), 3);

    public TcpKeepAlive(TimeSpan idle, TimeSpan interval, int probes)
    {
        if (idle < TimeSpan.FromSeconds(1) || interval < TimeSpan.FromSeconds(1) || probes < 1)
            throw new ArgumentOutOfRangeException(nameof(idle), "keepalive times are whole seconds, at least 1, and at least one probe");
        Idle = idle;
        Interval = interval;
        Probes = probes;
    }

    public TimeSpan Idle { get; }

    public TimeSpan Interval { get; }

    public int Probes { get; }

    /// Dialed links: set before the connect. Accepted links: Akka.IO applies a Bind's options here.
    public override void BeforeConnect(Socket s) => Apply(s);

    public override void AfterConnect(Socket s) => Apply(s);

    public void Apply(Socket socket)
    {
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, (int)Idle.TotalSeconds);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, (int)Interval.TotalSeconds);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, Probes);
    }
}
