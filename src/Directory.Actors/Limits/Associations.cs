using Akka.Actor;
using Akka.Remote;

namespace Encryptio.Directory.Limits;

/// <summary>
/// Which peer systems have a live Akka.Remote association with the directory, from the
/// <see cref="AssociatedEvent"/>/<see cref="DisassociatedEvent"/> Akka publishes. A sender path inside a
/// message is whatever the remote wrote; an association costs a mutual-TLS handshake with an enrolled
/// certificate, and Akka publishes an inbound one before it reads the association's first message
/// (EndpointManager.CreateAndRegisterEndpoint), so an honest peer's Register always finds it here.
/// Counted per (address, inbound): Akka also reports the end of an outbound attempt that never
/// associated, which must not cancel a live inbound association of the same address.
/// </summary>
public sealed class Associations
{
    private readonly Dictionary<(Address, bool), int> _live = new();

    public void On(AssociatedEvent e) => _live[(e.RemoteAddress, e.IsInbound)] = _live.GetValueOrDefault((e.RemoteAddress, e.IsInbound)) + 1;

    public void On(DisassociatedEvent e)
    {
        var at = (e.RemoteAddress, e.IsInbound);
        if (_live.GetValueOrDefault(at) <= 1) _live.Remove(at);
        else _live[at]--;
    }

    /// <summary>A local sender (tests, the bench, a remote message with no sender) needs no association.</summary>
    public bool Vouches(Address sender) =>
        !sender.HasGlobalScope || _live.ContainsKey((sender, true)) || _live.ContainsKey((sender, false));
}
