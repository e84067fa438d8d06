namespace Responses.Tests.Support;

/// <summary>
/// The one place the tests find files: the repository (the folder holding Responses.sln, above the test binaries)
/// and the optional ../shared folder beside it. No machine's paths, no environment variables.
/// </summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>../shared beside the repository: read-only inputs some machines have (CI and fresh clones need not).</summary>
    public static string Shared { get; } = Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>../shared/models: the tiny ORT GenAI model folders.</summary>
    public static string SharedModels { get; } = Path.Combine(Shared, "models");

    /// <summary>Why tests that need <see cref="SharedModels"/> are skipped here, or null when it exists.</summary>
    public static string? SharedModelsMissing { get; } =
        Directory.Exists(SharedModels) ? null : $"The tiny test models ({SharedModels}, ../shared/models beside the repository) are not on this machine.";

    /// <summary>../shared/reference/openai-responses-schemas.json: OpenAI's JSON Schemas for the Responses API.</summary>
    public static string OpenAISchemasPath { get; } = Path.Combine(Shared, "reference", "openai-responses-schemas.json");

    /// <summary><see cref="OpenAISchemasPath"/>, or null when this machine does not have it.</summary>
    public static string? OpenAISchemas { get; } = File.Exists(OpenAISchemasPath) ? OpenAISchemasPath : null;

    /// <summary>Why tests that need <see cref="OpenAISchemas"/> are skipped here, or null when it exists.</summary>
    public static string? OpenAISchemasMissing { get; } =
        OpenAISchemas is null ? $"OpenAI's JSON Schemas ({OpenAISchemasPath}, ../shared/reference beside the repository) are not on this machine." : null;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Responses.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Responses.sln above {AppContext.BaseDirectory}.");
    }
}
