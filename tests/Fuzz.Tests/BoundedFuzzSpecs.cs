using System.Diagnostics;
using Encryptio.Host.Cli;
using Xunit.Abstractions;

namespace Encryptio.Fuzz.Tests;

/// <summary>
/// The bounded, deterministic run CI does on every build: each target gets every committed corpus
/// file, then <see cref="Mutations"/> seeded mutations of them. Any exception other than the target's
/// controlled outcome fails the test with the input in hex, ready to become a regression case below.
/// The unbounded, coverage-guided run is tests/Fuzz/run-afl.sh (docs/security.md, "Fuzzing").
/// </summary>
public sealed class BoundedFuzzSpecs(ITestOutputHelper output)
{
    public const int Mutations = 20_000;

    /// <summary>
    /// The ratchet target does real P-384 work on most inputs (a point import and an ECDH for a DH
    /// step, about 1.5 ms): a tenth of the mutations keeps it near 3 s on 2 cores.
    /// </summary>
    public static int MutationsFor(string target) => target == "ratchet" ? Mutations / 10 : Mutations;

    public static TheoryData<string> Targets => new(FuzzTargets.Names);

    [Theory]
    [MemberData(nameof(Targets))]
    public void Corpus_and_seeded_mutations_never_crash(string target)
    {
        var corpus = Corpus(target);
        corpus.Should().NotBeEmpty($"tests/Fuzz/corpus/{target} holds the seed corpus");
        var watch = Stopwatch.StartNew();
        foreach (var input in corpus) RunOne(target, input, "corpus");

        var mutator = new Mutator(seed: StableSeed(target), corpus);
        var mutations = MutationsFor(target);
        for (var i = 0; i < mutations; i++) RunOne(target, mutator.Next(), $"mutation {i}");
        output.WriteLine($"{target}: {corpus.Count} corpus inputs + {mutations} mutations in {watch.ElapsedMilliseconds} ms");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void The_committed_corpus_is_what_the_encoders_make_today(string target)
    {
        // `dotnet Encryptio.Fuzz.dll seed tests/Fuzz/corpus` rewrites it after a wire format change.
        var expected = Seeds.For(target, Path.Combine(AppContext.BaseDirectory, "Vectors", "p2p-v1.json"));
        foreach (var (name, bytes) in expected)
        {
            var path = Path.Combine(AppContext.BaseDirectory, "corpus", target, name);
            File.Exists(path).Should().BeTrue($"{target}/{name} is a seed");
            File.ReadAllBytes(path).Should().Equal(bytes, $"{target}/{name} is what the encoders write");
        }
    }

    private static void RunOne(string target, byte[] input, string what)
    {
        try { FuzzTargets.Run(target, input); }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{target} crashed on {what}, input {Convert.ToHexString(input)}: {e}");
        }
    }

    private static List<byte[]> Corpus(string target) =>
        System.IO.Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "corpus", target))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllBytes)
            .ToList();

    // string.GetHashCode is randomized per process; this is not.
    private static int StableSeed(string target) => target.Aggregate(17, (h, c) => unchecked(h * 31 + c));
}

/// <summary>ParseOnly is what the command target fuzzes: it must agree with Run and start nothing.</summary>
public sealed class ParseOnlySpecs
{
    [Theory]
    [InlineData(0, "init", "--home", "/nonexistent/encryptio-fuzz-home")]
    [InlineData(0, "enroll", "alice", "--home", "/nonexistent/encryptio-fuzz-home")]
    [InlineData(0, "peer", "alice", "--directory", "127.0.0.1:4053", "--json")]
    [InlineData(0, "directory", "--port", "0")]
    [InlineData(0, "demo")]
    [InlineData(2, "enroll", "Not_A_Uid")]
    [InlineData(2, "peer", "alice", "--directory", "nohostport")]
    [InlineData(2, "directory", "--port", "70000")]
    [InlineData(2, "no-such-verb")]
    public void Gives_the_exit_code_of_a_run_without_running_anything(int expected, params string[] args)
    {
        var stderr = new StringWriter();
        CommandLine.ParseOnly(args, TextWriter.Null, stderr).Should().Be(expected, stderr.ToString());
        System.IO.Directory.Exists("/nonexistent/encryptio-fuzz-home").Should().BeFalse();
    }
}
