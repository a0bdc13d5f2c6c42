namespace Encryptio.Bench;

/// <summary>What the cluster section measured: registrations/s on one node and on three, memory, failover.</summary>
/// <param name="FailoverMillis">Per user of the stopped node: from the stop to its Registered at a survivor.</param>
public sealed record ClusterFigures(
    Figure SingleNodePerSecond,
    Figure ClusterPerSecond,
    Figure Ratio,
    Figure BytesPerUser,
    IReadOnlyList<double> FailoverMillis,
    int Nodes,
    int Users,
    int BatchUsers,
    TimeSpan DetectionPause);
