namespace Responses.Server.Store.Postgres;

/// <summary>
/// PLACEHOLDER from the SQLite branch (agent-sqlite), so `--store postgres:...` compiles here: the real PostgreSQL
/// backend comes from its own branch with this name, namespace and constructor, and replaces this file at merge.
/// </summary>
public sealed class PostgresResponseStore : IResponseStore
{
    public PostgresResponseStore(string connectionString, StoreOptions options, ILogger<PostgresResponseStore> logger)
    {
        _ = (connectionString, options, logger);
        throw new NotSupportedException("PostgreSQL store not built in this branch");
    }

    public bool IsAvailable => false;

    public Task SaveAsync(StoredResponse response, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
}
