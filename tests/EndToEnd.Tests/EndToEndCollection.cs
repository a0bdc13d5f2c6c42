namespace Encryptio.EndToEnd.Tests;

/// <summary>End-to-end specs start several processes each; running them one at a time keeps 2 cores honest.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end";
}
