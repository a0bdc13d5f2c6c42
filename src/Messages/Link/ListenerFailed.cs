namespace Encryptio.Messages.Link;

/// <summary>The P2P port could not be bound; the node cannot take part in conversations.</summary>
public sealed record ListenerFailed(string Reason);
