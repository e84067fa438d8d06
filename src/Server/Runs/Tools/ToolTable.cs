namespace Responses.Server.Runs.Tools;

/// <summary>The request's tools by the names the model sees, so a call the model makes maps back to its tool.</summary>
public sealed class ToolTable
{
    private readonly Dictionary<string, OfferedTool> byModelName;

    public ToolTable(IEnumerable<OfferedTool> tools) =>
        byModelName = tools.ToDictionary(t => t.ModelName, StringComparer.Ordinal);

    public static ToolTable Empty { get; } = new([]);

    public IReadOnlyCollection<OfferedTool> Tools => byModelName.Values;

    /// <summary>The tool a call names; a name the request did not offer is taken as a plain function of that name.</summary>
    public OfferedTool Resolve(string modelName) =>
        byModelName.TryGetValue(modelName, out var tool) ? tool : new OfferedTool(modelName, modelName, null, IsCustom: false);
}
