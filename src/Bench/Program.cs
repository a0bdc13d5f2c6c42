using Encryptio.Runtime.Transport;

// Before anything touches OpenSSL, as encryptio does: the directory section runs mutual TLS.
if (TlsPolicy.Apply(AppContext.BaseDirectory) is { } problem) Console.Error.WriteLine($"encryptio bench: warning: {problem}");
return Encryptio.Bench.BenchCommand.Run(args, Console.Out, Console.Error);
