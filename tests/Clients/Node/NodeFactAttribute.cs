namespace Responses.Tests.Clients.Node;

/// <summary>A fact that runs Node and npm (clients/typescript); skipped, saying why, on a machine without them.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        var missing = new[] { "node", "npm" }.Where(tool => !OnPath(tool)).ToList();
        if (missing.Count > 0)
        {
            Skip = $"{string.Join(" and ", missing)} not on PATH: the TypeScript client and the spec lint need Node.js 20.19+ and npm.";
        }
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, tool)) || File.Exists(Path.Combine(folder, tool + ".cmd")));
}
