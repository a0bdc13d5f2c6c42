using Akka.Configuration;

namespace Encryptio.Host.Configuration;

/// <summary>
/// Reads the node's HOCON from the hocon/ folder beside the binary with Akka's own parser:
/// the command line's overrides, over the node file (directory.conf or peer.conf), over remoting.conf.
/// </summary>
public static class HoconFiles
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "hocon");

    public static Config Load(string nodeFile, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var config = Parse(nodeFile).WithFallback(Parse("remoting.conf"));
        if (overrides is null) return config;
        var lines = overrides.Where(kv => kv.Value is not null).Select(kv => $"{kv.Key} = {Quote(kv.Value!)}");
        return ConfigurationFactory.ParseString(string.Join("\n", lines)).WithFallback(config);
    }

    /// <summary>A file read on its own, not over remoting.conf (cluster.conf: a trusted system with Akka's own serializers).</summary>
    public static Config LoadAlone(string file, IReadOnlyDictionary<string, string?> overrides)
    {
        var lines = overrides.Where(kv => kv.Value is not null).Select(kv => $"{kv.Key} = {Quote(kv.Value!)}");
        return ConfigurationFactory.ParseString(string.Join("\n", lines)).WithFallback(Parse(file));
    }

    private static Config Parse(string file)
    {
        var path = Path.Combine(Folder, file);
        if (!File.Exists(path)) throw new FileNotFoundException($"configuration file {path} is missing (hocon/ is copied beside the binary)");
        return ConfigurationFactory.ParseString(File.ReadAllText(path));
    }

    /// <summary>Quotes a value for HOCON so that a hostile option cannot inject configuration.</summary>
    public static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "") + "\"";
}
