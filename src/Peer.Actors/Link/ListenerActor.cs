using System.Net;
using Akka.Actor;
using Akka.Event;
using Akka.IO;
using Encryptio.Messages.Identity;
using Encryptio.Messages.Link;

namespace Encryptio.Peer.Link;

/// <summary>
/// Binds the P2P port with Akka.IO and tells its parent the bound endpoint. Inbound links are
/// handed to the session their Hello names.
/// </summary>
public sealed class ListenerActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _host;
    private readonly int _port;

    public static Props Props(string host, int port) => Akka.Actor.Props.Create(() => new ListenerActor(host, port));

    public ListenerActor(string host, int port)
    {
        _host = host;
        _port = port;
        Receive<Tcp.Bound>(OnBound);
        Receive<Tcp.CommandFailed>(failed =>
        {
            var reason = $"cannot listen on {_host}:{_port}: {failed.CauseString}";
            _log.Error("P2P listener at {0}: {1}", Self.Path, reason);
            Context.Parent.Tell(new ListenerFailed(reason));
            Context.Stop(Self);
        });
        Receive<Tcp.Connected>(connected =>
        {
            // Sessions are not wired yet: refuse the link rather than leave it hanging.
            _log.Info("P2P link from {0} refused: no session handling yet", connected.RemoteAddress);
            Sender.Tell(Tcp.Close.Instance);
        });
    }

    protected override void PreStart()
    {
        var address = IPAddress.TryParse(_host, out var ip) ? ip : IPAddress.Loopback;
        Context.System.Tcp().Tell(new Tcp.Bind(Self, new IPEndPoint(address, _port), backlog: 128));
    }

    private void OnBound(Tcp.Bound bound)
    {
        var local = (IPEndPoint)bound.LocalAddress;
        var endpoint = new PeerEndpoint(_host, local.Port);
        _log.Info("P2P listener bound at {0} ({1})", endpoint, Self.Path);
        Context.Parent.Tell(new ListenerBound(endpoint));
    }
}
