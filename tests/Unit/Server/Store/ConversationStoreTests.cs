using Responses.Server.Storage;
using Responses.Server.Storage.Memory;
using Responses.Server.Storage.Sqlite;
using Responses.Tests.Support;

namespace Responses.Tests.Unit.Server.Store;

/// <summary>The conversation store contract in memory.</summary>
public sealed class MemoryConversationStoreTests : ConversationStoreContractTests
{
    protected override IConversationStore Store { get; } = new MemoryConversationStore();
}

/// <summary>The conversation store contract on SQLite: a new file for every test.</summary>
public sealed class SqliteConversationStoreTests : ConversationStoreContractTests, IDisposable
{
    private readonly TempStoreFolder folder = new();
    private readonly SqliteResponseStore store;

    public SqliteConversationStoreTests()
    {
        store = new SqliteResponseStore(folder.File(), new StoreOptions(), TimeProvider.System);
    }

    protected override IConversationStore Store => store;

    public void Dispose()
    {
        store.Dispose();
        folder.Dispose();
    }
}
