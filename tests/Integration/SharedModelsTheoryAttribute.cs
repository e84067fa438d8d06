using Responses.Tests.Support;

namespace Responses.Tests.Integration;

/// <summary>A theory over ../shared/models folders, skipped with a reason on machines that do not have them.</summary>
public sealed class SharedModelsTheoryAttribute : TheoryAttribute
{
    public SharedModelsTheoryAttribute()
    {
        Skip = RepositoryPaths.SharedModelsMissing;
    }
}
