using Encryptio.Fuzz;
using SharpFuzz;

// Usage:
//   Encryptio.Fuzz TARGET                 run TARGET under afl-fuzz (input on stdin, persistent mode)
//   Encryptio.Fuzz seed [DIR]             write the seed corpus into DIR/TARGET/ (default ./corpus)
//   Encryptio.Fuzz replay TARGET PATH...  run files (or every file of folders) once each, no AFL
// Targets: frame, hello, payload, directory, command, ratchet.
var vectors = Path.Combine(AppContext.BaseDirectory, "Vectors", "p2p-v1.json");
switch (args)
{
    case ["seed"]:
    case ["seed", _]:
        var dir = args.Length > 1 ? args[1] : "corpus";
        Console.WriteLine($"wrote {Seeds.Write(dir, vectors)} seed files into {Path.GetFullPath(dir)}");
        return 0;

    case ["replay", var target, .. var paths]:
        var failures = 0;
        var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories) : [p]).ToList();
        foreach (var file in files)
        {
            try { FuzzTargets.Run(target, File.ReadAllBytes(file)); }
            catch (Exception e)
            {
                failures++;
                Console.Error.WriteLine($"CRASH {file}: {e}");
            }
        }
        Console.WriteLine($"{target}: {files.Count} inputs, {failures} crashes");
        return failures == 0 ? 0 : 1;

    case [var name] when FuzzTargets.Names.Contains(name):
        Fuzzer.Run(stream =>
        {
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            FuzzTargets.Run(name, memory.GetBuffer().AsSpan(0, (int)memory.Length));
        });
        return 0;

    default:
        Console.Error.WriteLine($"usage: Encryptio.Fuzz TARGET | seed [DIR] | replay TARGET PATH...   (targets: {string.Join(", ", FuzzTargets.Names)})");
        return 2;
}
