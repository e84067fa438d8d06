namespace Responses.Tests.Unit.Server.Store;

/// <summary>A fresh folder under the temp folder for one test's store files, deleted with everything in it.</summary>
public sealed class TempStoreFolder : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "responses-tests", "stores", Guid.NewGuid().ToString("N"));

    public string File(string name = "responses.db") => Path.Combine(Root, name);

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
