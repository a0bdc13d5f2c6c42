using Encryptio.Host.Nodes;
using Encryptio.Host.Pki;
using Encryptio.Host.Tests.Support;
using Encryptio.Messages.Identity;

namespace Encryptio.Host.Tests.Nodes;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are the Unix rule
public sealed class PeerHostSpecs : IDisposable
{
    private static readonly Uid Alice = Uid.Parse("alice");
    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task A_peer_whose_known_peers_file_other_users_can_read_does_not_start_and_says_what_to_run()
    {
        var pki = new PkiStore(_home.Path);
        pki.Initialize([]);
        pki.Enroll(Alice);
        var pins = Path.Combine(pki.Home, "users", "alice", "known_peers");
        File.WriteAllText(pins, "bob " + new string('a', 64) + "\n");
        File.SetUnixFileMode(pins, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        PeerHost.Running? running = null;

        try
        {
            var start = () => running = PeerHost.Start(new PeerHost.Options(Alice, _home.Path, "127.0.0.1:1", 0, null), null, null, _ => { });

            // An IOException is what the command line prints as its one line, exit code 1.
            start.Should().Throw<IOException>().Which.Message.Should().Contain($"chmod 600 {pins}");
            running.Should().BeNull("no actor system is left running behind the error");
        }
        finally
        {
            if (running is not null) await running.System.Terminate();
        }
    }
}
