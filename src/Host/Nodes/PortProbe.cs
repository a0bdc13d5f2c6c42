using System.Net;
using System.Net.Sockets;

namespace Encryptio.Host.Nodes;

/// <summary>
/// Is a TCP port free to listen on? Akka.Remote's DotNetty transport binds with ReuseAddress, which
/// .NET on Linux turns into SO_REUSEPORT as well: a second node on a taken port would start and
/// share it, silently. So the Host asks first, with SO_REUSEADDR alone: that still binds over the
/// TIME_WAIT connections a just-stopped node leaves (a quick restart works) but not over a live listener.
/// </summary>
public static class PortProbe
{
    /// <summary>Null when <paramref name="port"/> (not 0) can be listened on at <paramref name="host"/>; else why not.</summary>
    public static string? Problem(string host, int port)
    {
        if (port == 0) return null;
        IPAddress address;
        try
        {
            address = IPAddress.TryParse(host, out var parsed) ? parsed : Dns.GetHostAddresses(host).First();
        }
        catch (Exception e) when (e is SocketException or InvalidOperationException)
        {
            return $"cannot resolve {host}";
        }
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(1);
            return null;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode == SocketError.AddressAlreadyInUse ? "the port is already in use" : e.Message;
        }
    }

    // SOL_SOCKET and SO_REUSEADDR: 1 and 2 on Linux, 0xffff and 4 on macOS.
    private static int SolSocket => OperatingSystem.IsMacOS() ? 0xffff : 1;
    private static int SoReuseAddr => OperatingSystem.IsMacOS() ? 4 : 2;
}
