using System.Net;
using System.Net.Sockets;

namespace Encryptio.EndToEnd.Tests.Support;

/// <summary>A TCP port free right now on loopback (for the directory, which needs a known port).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
