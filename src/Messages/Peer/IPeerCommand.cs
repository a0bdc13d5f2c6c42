namespace Encryptio.Messages.Peer;

/// <summary>What the user (console, JSON script or demo) asks its peer node to do. Local only.</summary>
public interface IPeerCommand;
