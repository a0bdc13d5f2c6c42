using Encryptio.Directory.Tests.Support;
using Encryptio.Messages.Directory;
using Xunit.Abstractions;

namespace Encryptio.Directory.Tests;

/// <summary>A single directory node (no cluster) has no other node to name: its peers get no DirectoryNodes, exactly as before wire 1.5.</summary>
public sealed class SingleNodeListSpecs(ITestOutputHelper output) : DirectorySpec(output)
{
    [Fact]
    public async Task A_single_node_sends_no_node_list_after_registered()
    {
        var alice = await OnlineAsync("alice");

        await alice.Probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        (await WhoAsync(alice)).Should().Equal("alice");
    }
}
