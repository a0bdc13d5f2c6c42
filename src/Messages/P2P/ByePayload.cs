namespace Encryptio.Messages.P2P;

/// "This side is finished with the link; no frames follow." No body.
public sealed record ByePayload : IPayload
{
    public static readonly ByePayload Instance = new();

    private ByePayload() { }

    public PayloadKind Kind => PayloadKind.Bye;
}
