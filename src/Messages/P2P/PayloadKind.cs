namespace Encryptio.Messages.P2P;

public enum PayloadKind : byte
{
    Chat = 1,
    Ack = 2,
    Ready = 3,
    Bye = 4,
}
