namespace Encryptio.Messages.Peer;

/// <summary>
/// What the peer node tells its user. Each maps to one `--json` event name (see
/// <c>EventJson</c>); those names are a public contract.
/// </summary>
public interface IPeerEvent;
