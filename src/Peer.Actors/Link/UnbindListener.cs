namespace Encryptio.Peer.Link;

/// <summary>
/// Node -> ListenerActor, on the way out: give the P2P port back to Akka.IO, then stop. The sender
/// gets <see cref="Akka.Done"/> once the port is unbound. A listener that stopped without unbinding
/// would leave Akka.IO's TCP listener to notice its bind commander die, which it reports as a warning.
/// </summary>
public sealed class UnbindListener
{
    public static readonly UnbindListener Instance = new();

    private UnbindListener() { }
}
