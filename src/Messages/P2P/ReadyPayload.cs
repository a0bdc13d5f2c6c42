namespace Encryptio.Messages.P2P;

/// The dialer's first sealed payload; it lets the listener start sending. No body.
public sealed record ReadyPayload : IPayload
{
    public static readonly ReadyPayload Instance = new();

    private ReadyPayload() { }

    public PayloadKind Kind => PayloadKind.Ready;
}
