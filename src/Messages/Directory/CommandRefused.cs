namespace Encryptio.Messages.Directory;

/// <summary>
/// The directory refused a request: which one (<see cref="DirectoryCommand"/>, its `--json` name), why as
/// a code (<see cref="RefusalCode"/>) and why in words (safe to show and to log).
/// </summary>
public sealed record CommandRefused(DirectoryCommand Command, RefusalCode Code, string Reason) : IDirectoryMessage;
