namespace Responses.Conformance.Checks;

/// <summary>Every check, in the order they run.</summary>
public static class CheckCatalog
{
    public static IReadOnlyList<ConformanceCheck> All { get; } =
    [
        .. ModelChecks.All(),
        .. CreateChecks.All(),
        .. StreamChecks.All(),
        .. ErrorChecks.All(),
        .. ToolChecks.All(),
        .. StoredResponseChecks.All(),
        .. StructuredOutputChecks.All(),
    ];
}
