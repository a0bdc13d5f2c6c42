namespace Encryptio.Host.Cli;

/// <summary>The command line is wrong in a way the parser cannot see (a bad UID, a bad HOST:PORT): exit 2.</summary>
public sealed class UsageException(string message) : Exception(message);
