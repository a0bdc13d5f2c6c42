using System.Collections.Immutable;
using Encryptio.Host.Pki;
using Encryptio.Host.Tests.Support;
using Encryptio.Messages.Identity;

namespace Encryptio.Host.Tests.Pki;

/// <summary>revoked.txt as `encryptio revoke` writes it and the directory reads it: a CA-signed notice per line.</summary>
public sealed class RevocationListTests : IDisposable
{
    private static readonly Uid Bob = Uid.Parse("bob");
    private readonly TempHome _home = new();
    private readonly PkiStore _pki;

    public RevocationListTests()
    {
        _pki = new PkiStore(_home.Path);
        _pki.Initialize(["chat.example"]);
        _pki.Enroll(Bob);
    }

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Revoke_writes_a_notice_signed_by_the_ca_that_names_exactly_the_revoked_certificate()
    {
        using var bob = _pki.LoadUser(Bob);
        var list = _pki.Revocations;
        list.NoticeFor(Bob, [.. bob.RawData]).Should().BeNull();
        var before = list.Version;

        _pki.Revoke(Bob);

        list.Version.Should().NotBe(before, "the directory's poll notices the change");
        var notice = list.NoticeFor(Bob, [.. bob.RawData])!;
        notice.Should().NotBeNull();
        notice.Serial.Should().Be(bob.SerialNumber);
        notice.Names(bob).Should().BeTrue();
        notice.IsSignedBy(_pki.LoadAuthority()).Should().BeTrue();
        (notice with { Uid = Uid.Parse("alice") }).IsSignedBy(_pki.LoadAuthority()).Should().BeFalse("the signature covers the UID");
    }

    [Fact]
    public void A_line_written_before_signed_notices_still_revokes_but_carries_no_signature()
    {
        using var bob = _pki.LoadUser(Bob);
        File.AppendAllText(_pki.RevocationListPath, $"{bob.SerialNumber} bob\n");

        _pki.Revocations.IsRevoked(bob).Should().BeTrue();
        _pki.Revocations.NoticeFor(Bob, [.. bob.RawData])!.AuthoritySignature.Should().BeEmpty();
    }
}
