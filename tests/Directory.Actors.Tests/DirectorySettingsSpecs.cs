using Akka.Configuration;

namespace Encryptio.Directory.Tests;

public sealed class DirectorySettingsSpecs
{
    [Fact]
    public void Settings_are_read_from_the_encryptio_directory_section()
    {
        var config = ConfigurationFactory.ParseString("""
            encryptio.directory {
              directory-id = "dir-eu-1"
              nonce-lifetime = 2s
              max-members = 4
              max-pending-proposals-per-initiator = 3
              proposal-timeout = 45s
            }
            """);

        var settings = DirectorySettings.FromConfig(config);

        settings.Should().Be(new DirectorySettings("dir-eu-1", TimeSpan.FromSeconds(2), 4, 3, TimeSpan.FromSeconds(45)));
    }

    [Fact]
    public void The_directory_id_falls_back_to_the_system_name_and_missing_keys_to_the_defaults()
    {
        var config = ConfigurationFactory.ParseString("encryptio.directory.system-name = \"encryptio-directory-b\"");

        var settings = DirectorySettings.FromConfig(config);

        settings.Should().Be(DirectorySettings.Default with { DirectoryId = "encryptio-directory-b" });
    }

    [Fact]
    public void The_shipped_directory_conf_gives_the_protocol_defaults()
    {
        var path = FindUp(Path.Combine("hocon", "directory.conf"));

        var settings = DirectorySettings.FromConfig(ConfigurationFactory.ParseString(File.ReadAllText(path)));

        settings.NonceLifetime.Should().Be(TimeSpan.FromSeconds(5));
        settings.MaxMembers.Should().Be(16);
        settings.MaxPendingProposalsPerInitiator.Should().Be(8);
        settings.ProposalTimeout.Should().Be(TimeSpan.FromSeconds(30));
        settings.DirectoryId.Should().NotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("max-members = 17")]
    [InlineData("max-members = 1")]
    [InlineData("max-pending-proposals-per-initiator = 0")]
    [InlineData("nonce-lifetime = 0s")]
    public void Nonsense_values_fail_at_start_up_naming_the_key(string line)
    {
        var config = ConfigurationFactory.ParseString($"encryptio.directory {{ {line} }}");

        var read = () => DirectorySettings.FromConfig(config);

        read.Should().Throw<ConfigurationException>().WithMessage($"*{line.Split(' ')[0]}*");
    }

    private static string FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException(relative);
    }
}
