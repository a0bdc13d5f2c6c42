namespace Encryptio.Host.Nodes;

/// <summary>A node could not start for a reason the operator can fix (a port in use, an unreachable seed): exit 1, one line.</summary>
public sealed class NodeStartException(string message, Exception? inner = null) : Exception(message, inner);
