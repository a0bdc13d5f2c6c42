namespace Encryptio.Host.Tests.Support;

/// <summary>A fresh, empty HOME folder for one test, deleted afterwards.</summary>
public sealed class TempHome : IDisposable
{
    public string Path { get; } = System.IO.Directory.CreateTempSubdirectory("encryptio-test-").FullName;

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
