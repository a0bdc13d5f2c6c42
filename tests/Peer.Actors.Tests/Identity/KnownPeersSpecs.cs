using Encryptio.Messages.Identity;
using Encryptio.Peer.Identity;

namespace Encryptio.Peer.Actors.Tests.Identity;

public sealed class KnownPeersSpecs : IDisposable
{
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

        new KnownPeers(PinFile).Check(Bob, bob).Should().Be(KnownPeers.Verdict.FirstSeen);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
