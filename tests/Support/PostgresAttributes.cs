namespace Responses.Tests.Support;

// Like the ../shared inputs (SharedInputAttributes.cs): xunit 2 cannot skip from inside a test, so a test that needs
// a real PostgreSQL says so in its attribute and is reported as skipped, with how to run it, where there is none.

/// <summary>A fact that needs the run's throwaway PostgreSQL; skipped, saying how to get one, without it.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        Skip = TestPostgres.Missing;
    }
}

/// <summary>A theory that needs the run's throwaway PostgreSQL; skipped, saying how to get one, without it.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        Skip = TestPostgres.Missing;
    }
}
