namespace Responses.Tests.Support;

/// <summary>
/// The throwaway PostgreSQL that scripts/with-postgres.sh (and so .ci/run) starts around a test run, found through
/// the environment variables it exports. Absent under a bare `dotnet test`.
/// </summary>
public static class TestPostgres
{
    /// <summary>An admin connection string (user postgres, trust auth), or null when no server was started.</summary>
    public static string? AdminConnectionString { get; } = NonEmpty(Environment.GetEnvironmentVariable("RESPONSES_TEST_POSTGRES"));

    /// <summary>scripts/postgres-cluster.sh: tests that stop and start a server run their own cluster with it.</summary>
    public static string ClusterScript { get; } = Path.Combine(RepositoryPaths.Root, "scripts", "postgres-cluster.sh");

    /// <summary>Why tests that need PostgreSQL are skipped here, or null when it is running.</summary>
    public static string? Missing { get; } = AdminConnectionString is null
        ? "No PostgreSQL for this run (RESPONSES_TEST_POSTGRES is unset): run `bash .ci/run`, or `scripts/with-postgres.sh dotnet test`, which start a throwaway server."
        : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
