namespace Encryptio.Directory.Cluster;

/// <summary>The Distributed Pub/Sub topics every directory node of a cluster publishes to and subscribes to.</summary>
public static class ClusterTopics
{
    /// <summary>The CA-signed revocation notices every node hands to its own online peers.</summary>
    public const string Revocations = "encryptio-revocations";

    /// <summary>Every fresh registration, for the presence watches (<see cref="Registry.WatchOnline"/>) held at the other nodes.</summary>
    public const string Registrations = "encryptio-registrations";
}
