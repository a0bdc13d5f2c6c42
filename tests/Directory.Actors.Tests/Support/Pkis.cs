using Encryptio.Testing;

namespace Encryptio.Directory.Tests.Support;

/// <summary>The CAs every directory spec shares (one <see cref="TestPki"/> each, made once per test run).</summary>
internal static class Pkis
{
    /// <summary>The CA every honest node trusts.</summary>
    public static TestPki Encryptio { get; } = new("Encryptio CA");

    /// <summary>Same subject name as the real CA, other key: only pinning tells them apart.</summary>
    public static TestPki LookAlike { get; } = new("Encryptio CA");

    /// <summary>A CA of another name that nobody in these specs trusts.</summary>
    public static TestPki Foreign { get; } = new("Some Other CA");
}
