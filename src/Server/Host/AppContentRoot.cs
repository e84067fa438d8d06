namespace Responses.Server.Host;

/// <summary>
/// The content root (where appsettings.json is read) is the app's own folder, not the working directory: the
/// working directory belongs to the user, whose relative paths (--model, --store sqlite:PATH, --api-keys-file)
/// resolve against it, and a server started from any folder still finds its settings beside its dll.
/// </summary>
internal static class AppContentRoot
{
    private static readonly string[] Variables = ["ASPNETCORE_CONTENTROOT", "DOTNET_CONTENTROOT"];

    /// <summary>The builder options; a content root given as --contentRoot or in the environment still wins.</summary>
    public static WebApplicationOptions Options(string[] hostArguments) => new()
    {
        Args = hostArguments,
        ContentRootPath = IsGiven(hostArguments) ? null : AppContext.BaseDirectory,
    };

    // The host arguments arrive as --key=value (ConfigurationKeyArguments), WebApplicationFactory's included.
    private static bool IsGiven(string[] hostArguments) =>
        hostArguments.Any(argument => argument.StartsWith("--contentRoot=", StringComparison.OrdinalIgnoreCase))
        || Variables.Any(variable => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)));
}
