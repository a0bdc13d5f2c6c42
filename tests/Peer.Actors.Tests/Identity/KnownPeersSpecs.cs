using Encryptio.Messages.Identity;
using Encryptio.Peer.Identity;
using Encryptio.Runtime.Pki;

namespace Encryptio.Peer.Actors.Tests.Identity;

public sealed class KnownPeersSpecs : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly Uid Bob = Uid.Parse("bob");
    private readonly string _folder = Directory.CreateTempSubdirectory("known-peers-").FullName;
    private string PinFile => Path.Combine(_folder, "known_peers");

    [Fact]
    public void A_key_is_pinned_on_first_use_and_the_same_key_is_known_afterwards_even_after_a_restart()
    {
        using var ca = CertificateIssuer.CreateAuthority();
        using var bob = CertificateIssuer.IssueUser(ca, Bob);

        new KnownPeers(PinFile).Check(Bob, bob).Should().Be(KnownPeers.Verdict.FirstSeen);
        new KnownPeers(PinFile).Check(Bob, bob).Should().Be(KnownPeers.Verdict.Known, "the pin survives in the file");
    }

    [Fact]
    public void A_second_certificate_for_the_same_uid_is_flagged_until_the_user_trusts_it()
    {
        using var ca = CertificateIssuer.CreateAuthority();
        using var original = CertificateIssuer.IssueUser(ca, Bob);
        using var reissued = CertificateIssuer.IssueUser(ca, Bob); // what a lying directory operator could do
        var pins = new KnownPeers(PinFile);
        pins.Check(Bob, original);

        pins.Check(Bob, reissued).Should().Be(KnownPeers.Verdict.Changed);
        new KnownPeers(PinFile).Check(Bob, reissued).Should().Be(KnownPeers.Verdict.Changed, "a restart does not forget the old pin");

        pins.Trust(Bob, reissued);
        new KnownPeers(PinFile).Check(Bob, reissued).Should().Be(KnownPeers.Verdict.Known);
        new KnownPeers(PinFile).Check(Bob, original).Should().Be(KnownPeers.Verdict.Changed);
    }

    [Fact]
    public void Garbage_lines_in_the_pin_file_are_ignored_rather_than_trusted()
    {
        using var ca = CertificateIssuer.CreateAuthority();
        using var bob = CertificateIssuer.IssueUser(ca, Bob);
        File.WriteAllLines(PinFile, ["bob not-a-fingerprint", "Not_A_Uid " + new string('a', 64), "# comment"]);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(PinFile, OwnerReadWrite);

        new KnownPeers(PinFile).Check(Bob, bob).Should().Be(KnownPeers.Verdict.FirstSeen);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are the Unix rule
    public void The_pin_file_is_owner_only_from_its_creation_so_other_users_cannot_read_who_you_talk_to()
    {
        using var ca = CertificateIssuer.CreateAuthority();
        using var bob = CertificateIssuer.IssueUser(ca, Bob);
        using var reissued = CertificateIssuer.IssueUser(ca, Bob);
        var pins = new KnownPeers(PinFile);

        pins.Check(Bob, bob);
        File.GetUnixFileMode(PinFile).Should().Be(OwnerReadWrite, "the first pin creates the file");
        pins.Trust(Bob, reissued);
        File.GetUnixFileMode(PinFile).Should().Be(OwnerReadWrite, "a rewrite (temporary file, then rename) keeps it owner-only");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_leftover_temporary_pin_file_readable_by_others_does_not_lend_its_mode_to_the_pins()
    {
        using var ca = CertificateIssuer.CreateAuthority();
        using var bob = CertificateIssuer.IssueUser(ca, Bob);
        File.WriteAllText(PinFile + ".tmp", "left by a crash\n");
        File.SetUnixFileMode(PinFile + ".tmp", OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        new KnownPeers(PinFile).Check(Bob, bob);

        File.GetUnixFileMode(PinFile).Should().Be(OwnerReadWrite);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_pin_file_other_users_can_read_is_refused_with_the_chmod_to_run()
    {
        File.WriteAllLines(PinFile, ["bob " + new string('a', 64)]);
        File.SetUnixFileMode(PinFile, OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var load = () => new KnownPeers(PinFile);

        var message = load.Should().Throw<IOException>().Which.Message;
        message.Should().Contain($"chmod 600 {PinFile}").And.Contain("644").And.NotContain("\n");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
