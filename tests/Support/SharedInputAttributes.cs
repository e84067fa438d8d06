namespace Responses.Tests.Support;

// xunit 2 cannot skip from inside a test, so a test whose input lives in ../shared says so in its attribute: it is
// reported as skipped, with the reason, where the input is missing, and never passes without checking anything.

/// <summary>A fact that needs OpenAI's JSON Schemas; skipped, saying why, where they are absent.</summary>
public sealed class OpenAISchemaFactAttribute : FactAttribute
{
    public OpenAISchemaFactAttribute()
    {
        Skip = RepositoryPaths.OpenAISchemasMissing;
    }
}

/// <summary>A theory that needs OpenAI's JSON Schemas; skipped, saying why, where they are absent.</summary>
public sealed class OpenAISchemaTheoryAttribute : TheoryAttribute
{
    public OpenAISchemaTheoryAttribute()
    {
        Skip = RepositoryPaths.OpenAISchemasMissing;
    }
}
