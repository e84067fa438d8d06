using Responses.Server.Storage;
using Responses.Server.Storage.Sqlite;

namespace Responses.Tests.Unit.Server.Store;

/// <summary>The contract on the SQLite backend: a new file for every test.</summary>
public sealed class SqliteResponseStoreContractTests : ResponseStoreContractTests, IDisposable
{
    private readonly TempStoreFolder folder = new();
    private readonly SqliteResponseStore store;

    public SqliteResponseStoreContractTests()
    {
        store = new SqliteResponseStore(folder.File(), new StoreOptions(), TimeProvider.System);
    }

    protected override IResponseStore Store => store;

    public void Dispose()
    {
        store.Dispose();
        folder.Dispose();
    }
}
