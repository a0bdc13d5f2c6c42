using System.CommandLine;
using System.Globalization;
using System.CommandLine.Parsing;
using Encryptio.Host.Demo;
using Encryptio.Host.Nodes;
using Encryptio.Host.Pki;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;
using Encryptio.Runtime.Transport;

namespace Encryptio.Host.Cli;

/// <summary>
/// The `encryptio` command line: init, enroll, directory-cert, revoke, directory, peer, demo, bench. Verbs,
/// options and exit codes are a public contract: 0 success, 1 a failure explained in one line,
/// 2 bad usage (with the usage text).
/// </summary>
public static class CommandLine
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stderr ??= System.Console.Error;
        // Before anything touches OpenSSL: its configuration is read once, at its first use.
        if (TlsPolicy.Apply(AppContext.BaseDirectory) is { } problem) stderr.WriteLine($"encryptio: warning: {problem}");
        return Execute(args, stdout ?? System.Console.Out, stderr, dryRun: false);
    }

    /// <summary>
    /// The exit code <see cref="Run"/> would give for these arguments, with the same messages, but
    /// nothing is started or written to disk: every verb validates its arguments and stops there.
    /// For the fuzzer and the tests of the parser.
    /// </summary>
    internal static int ParseOnly(string[] args, TextWriter? stdout = null, TextWriter? stderr = null) =>
        Execute(args, stdout ?? TextWriter.Null, stderr ?? TextWriter.Null, dryRun: true);

    private static int Execute(string[] args, TextWriter stdout, TextWriter stderr, bool dryRun)
    {
        var root = Build(stdout, stderr, dryRun);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) stderr.WriteLine($"encryptio: {error.Message}");
            var help = new InvocationConfiguration { Output = stderr, Error = stderr };
            (parse.CommandResult.Command).Parse("--help").Invoke(help);
            return Usage;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"encryptio: {e.Message}");
            parse.CommandResult.Command.Parse("--help").Invoke(new InvocationConfiguration { Output = stderr, Error = stderr });
            return Usage;
        }
        catch (Exception e) when (e is PkiException or NodeStartException or FormatException or FileNotFoundException or IOException or Akka.Configuration.ConfigurationException)
        {
            stderr.WriteLine($"encryptio: {e.Message}");
            return Failure;
        }
    }

    private static RootCommand Build(TextWriter stdout, TextWriter stderr, bool dryRun)
    {
        var home = new Option<string?>("--home") { Description = "folder with the PKI files (default: $ENCRYPTIO_HOME, else ./.encryptio)" };
        var root = new RootCommand("Encryptio: peer-to-peer end-to-end encrypted chat on Akka.NET");

        var init = new Command("init", "create the CA and the directory's certificate in HOME");
        var initHost = new Option<string[]>("--host") { Description = "extra host names or IPs for the directory certificate", AllowMultipleArgumentsPerToken = true };
        var initUpgrade = new Option<bool>("--upgrade")
        {
            Description = "re-issue, with the existing CA and keys, the certificates in HOME made before certificates carried a role (directory and enrolled users)",
        };
        init.Add(home);
        init.Add(initHost);
        init.Add(initUpgrade);
        init.SetAction(p =>
        {
            if (dryRun) return Success;
            var pki = new PkiStore(Home(p.GetValue(home)));
            if (p.GetValue(initUpgrade))
            {
                var reissued = pki.Upgrade(p.GetValue(initHost) ?? []);
                foreach (var path in reissued) stdout.WriteLine($"re-issued {path}");
                stdout.WriteLine(reissued.Count == 0
                    ? $"nothing to upgrade in {pki.Home}: every certificate carries its role"
                    : "copy each re-issued users/UID/ folder to its user's machine again");
                return Success;
            }
            pki.Initialize(p.GetValue(initHost) ?? []);
            stdout.WriteLine($"created the Encryptio CA and directory certificate in {pki.Home}");
            return Success;
        });
        root.Add(init);

        var enroll = new Command("enroll", "create UID's identity key and certificate, signed by the CA in HOME");
        var enrollUid = new Argument<string>("UID") { Description = "1-32 characters of a-z 0-9 _ -, starting with a letter" };
        enroll.Add(enrollUid);
        enroll.Add(home);
        enroll.SetAction(p =>
        {
            var uid = ParseUid(p.GetValue(enrollUid));
            if (dryRun) return Success;
            var pki = new PkiStore(Home(p.GetValue(home)));
            pki.Enroll(uid);
            stdout.WriteLine($"enrolled '{uid}': {pki.UserCertificatePath(uid)}");
            return Success;
        });
        root.Add(enroll);

        var directoryCert = new Command("directory-cert",
            "issue, with the CA in HOME, the certificate of a further directory node: writes a HOME for that node in --out (ca.crt, its directory certificate and key) to copy to its machine");
        var directoryCertOut = new Option<string>("--out") { Description = "a new folder to become the other node's HOME", Required = true };
        var directoryCertHost = new Option<string[]>("--host") { Description = "the node's host names or IPs (repeatable)", AllowMultipleArgumentsPerToken = true };
        directoryCert.Add(home);
        directoryCert.Add(directoryCertOut);
        directoryCert.Add(directoryCertHost);
        directoryCert.SetAction(p =>
        {
            var target = p.GetValue(directoryCertOut)!;
            if (string.IsNullOrWhiteSpace(target)) throw new UsageException("--out: name a folder for the other node's HOME");
            if (dryRun) return Success;
            var pki = new PkiStore(Home(p.GetValue(home)));
            var node = pki.IssueDirectoryNode(target, p.GetValue(directoryCertHost) ?? []);
            stdout.WriteLine($"issued a directory certificate in {node.Home}: copy that folder to the node's machine and start it with " +
                             $"'encryptio directory --home <that folder> --cluster-port N --seed <a running node's host>:<its cluster port>'");
            return Success;
        });
        root.Add(directoryCert);

        var revoke = new Command("revoke", "revoke UID's current certificate: the directory refuses it from now on");
        var revokeUid = new Argument<string>("UID");
        revoke.Add(revokeUid);
        revoke.Add(home);
        revoke.SetAction(p =>
        {
            var uid = ParseUid(p.GetValue(revokeUid));
            var pki = new PkiStore(Home(p.GetValue(home)));
            var serial = pki.Revoke(uid);
            stdout.WriteLine($"revoked '{uid}' (certificate serial {serial}); a running directory refuses it from its next handshake");
            return Success;
        });
        root.Add(revoke);

        // One option object per verb: System.CommandLine parents an option to the command it is added to.
        Option<string?> LogLevel()
        {
            var option = new Option<string?>("--log-level")
            {
                Description = "the quietest level still logged to standard error: debug, info, warning or error (default: akka.loglevel in the HOCON, INFO)",
            };
            option.AcceptOnlyFromAmong([.. Logging.ConsoleLogging.LevelNames]);
            return option;
        }

        var directory = new Command("directory", "run the directory node");
        var directoryLogLevel = LogLevel();
        var host = new Option<string>("--host") { Description = "address to bind and advertise", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "TCP port for peers (mutual TLS)", DefaultValueFactory = _ => 4053, CustomParser = r => PortToken(r) ?? 0 };
        var relayPort = new Option<int?>("--relay-port") { Description = "TCP port of the relay (mutual TLS; default --port + 1, 0 = no relay)", CustomParser = PortToken };
        var relayAdvertise = new Option<string?>("--relay-advertise") { Description = "HOST:PORT peers are told to reach the relay at, when it differs from the bound one (a port forward, a proxy)" };
        var clusterPort = new Option<int?>("--cluster-port")
        {
            Description = "run as one node of a directory cluster: its internal cluster port (directory certificates only); without it, a single node",
            CustomParser = PortToken,
        };
        var seeds = new Option<string[]>("--seed")
        {
            Description = "HOST:PORT, the --cluster-port of a running node to join (repeat for several); none: this node starts the cluster",
        };
        directory.Add(home);
        directory.Add(host);
        directory.Add(port);
        directory.Add(relayPort);
        directory.Add(relayAdvertise);
        directory.Add(clusterPort);
        directory.Add(seeds);
        directory.Add(directoryLogLevel);
        directory.SetAction(p =>
        {
            var seedList = (p.GetValue(seeds) ?? []).Select(s => Endpoint(s, "--seed")!).ToList();
            var cluster = p.GetValue(clusterPort) is { } n ? RequirePort(n, "--cluster-port", allowZero: true) : (int?)null;
            if (cluster is null && seedList.Count > 0) throw new UsageException("--seed needs --cluster-port: seeds are other nodes' cluster ports");
            var options = new DirectoryHost.Options(Home(p.GetValue(home)), p.GetValue(host)!, RequirePort(p.GetValue(port), "--port", allowZero: true), p.GetValue(directoryLogLevel),
                cluster, seedList)
            {
                RelayPort = p.GetValue(relayPort) is { } r ? RequirePort(r, "--relay-port", allowZero: true) : null,
                RelayAdvertise = RelayEndpoint(p.GetValue(relayAdvertise)),
            };
            return dryRun ? Success : DirectoryHost.RunUntilShutdown(options, stderr);
        });
        root.Add(directory);

        var peer = new Command("peer", "run a peer node for UID");
        var peerUid = new Argument<string>("UID");
        var directoryAt = new Option<string?>("--directory") { Description = "the directory's HOST:PORT, or its nodes' HOST:PORT,HOST:PORT,... to fail over between (default 127.0.0.1:4053)" };
        var p2pPort = new Option<int?>("--p2p-port") { Description = "TCP port for peer-to-peer links (0 = any free port)", CustomParser = PortToken };
        var advertise = new Option<string?>("--advertise") { Description = "HOST:PORT the directory hands to others, when it differs from the bound one" };
        var relayMode = new Option<string?>("--relay") { Description = "never | fallback (default: direct first, the directory's relay when that fails) | always (only the relay; nobody learns your address)" };
        var json = new Option<bool>("--json") { Description = "one JSON object per line on stdin/stdout" };
        var peerLogLevel = LogLevel();
        peer.Add(peerUid);
        peer.Add(home);
        peer.Add(directoryAt);
        peer.Add(p2pPort);
        peer.Add(advertise);
        peer.Add(relayMode);
        peer.Add(json);
        peer.Add(peerLogLevel);
        peer.SetAction(p =>
        {
            var options = new PeerHost.Options(
                ParseUid(p.GetValue(peerUid)),
                Home(p.GetValue(home)),
                DirectoryList(p.GetValue(directoryAt)),
                p.GetValue(p2pPort) is { } n ? RequirePort(n, "--p2p-port", allowZero: true) : null,
                Endpoint(p.GetValue(advertise), "--advertise"),
                LogLevel: p.GetValue(peerLogLevel))
            {
                Relay = p.GetValue(relayMode) is { } mode
                    ? RelayModes.TryParse(mode, out var parsed) ? RelayModes.Name(parsed) : throw new UsageException($"--relay: '{mode}' is not never, fallback or always")
                    : null,
            };
            return dryRun ? Success : PeerConsole.RunUntilShutdown(options, p.GetValue(json), stdout, stderr);
        });
        root.Add(peer);

        var demo = new Command("demo", "the whole flow in one process, in a temporary HOME");
        demo.SetAction(_ => dryRun ? Success : DemoRunner.Run(stdout, stderr));
        root.Add(demo);

        // The bench is a program of its own (src/Bench): its options are declared here for --help and
        // checked, then handed on.
        var bench = new Command("bench", BenchLauncher.Description);
        var benchOptions = BenchLauncher.Switches.AddTo(bench);
        bench.SetAction(p => dryRun ? Success : BenchLauncher.Run(benchOptions.Arguments(p), stdout, stderr));
        root.Add(bench);

        return root;
    }

    /// <summary>HOME is --home, else $ENCRYPTIO_HOME, else ./.encryptio.</summary>
    public static string Home(string? option)
    {
        if (!string.IsNullOrEmpty(option)) return option;
        var env = Environment.GetEnvironmentVariable("ENCRYPTIO_HOME");
        return string.IsNullOrEmpty(env) ? Path.Combine(Environment.CurrentDirectory, ".encryptio") : env;
    }

    private static Uid ParseUid(string? text) =>
        Uid.TryParse(text, out var uid, out var error) ? uid : throw new UsageException(error);

    private static string? DirectoryList(string? text)
    {
        if (text is null) return null;
        return PeerSettings.TryParseDirectories(text, out var directories, out var error)
            ? string.Join(",", directories)
            : throw new UsageException($"--directory: {error}");
    }

    private static PeerEndpoint? RelayEndpoint(string? text) =>
        text is null ? null
        : PeerEndpoint.TryParse(text, out var endpoint, out var error) ? endpoint : throw new UsageException($"--relay-advertise: {error}");

    private static string? Endpoint(string? text, string option)
    {
        if (text is null) return null;
        return PeerEndpoint.TryParse(text, out var endpoint, out var error) ? endpoint.ToString() : throw new UsageException($"{option}: {error}");
    }

    /// A port option's token as a number; anything else is a usage error in our words (the parser's
    /// own names the .NET type, which tells a user nothing). The range is checked by RequirePort.
    private static int? PortToken(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port)) return port;
        var option = (result.Parent as OptionResult)?.Option.Name ?? "port";
        result.AddError($"{option}: '{text}' is not a TCP port (0-65535)");
        return null;
    }

    private static int RequirePort(int port, string option, bool allowZero) =>
        port is >= 1 and <= 65535 || (allowZero && port == 0) ? port : throw new UsageException($"{option}: {port} is not a TCP port (0-65535)");
}
