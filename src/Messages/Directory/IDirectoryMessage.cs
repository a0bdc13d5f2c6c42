namespace Encryptio.Messages.Directory;

/// <summary>
/// Everything a peer and the directory say to each other over Akka.Remote. Every implementation is a
/// sealed record bound to <see cref="Serialization.DirectorySerializer"/>; nothing else may cross.
/// </summary>
public interface IDirectoryMessage;
