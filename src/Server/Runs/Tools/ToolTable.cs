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
        byModelName.TryGetValue(modelName, out var tool) ? tool : new OfferedTool(modelName, modelName, null, ToolKind.Function);
}

/// <summary>What a function name the model sees stands for in the request's tools.</summary>
/// <param name="ModelName">The name the model was offered and calls (a namespace member's is "namespace__name").</param>
/// <param name="Name">The tool's own name, as the client declared it.</param>
/// <param name="Namespace">The namespace tool it belongs to, if any.</param>
/// <param name="Kind">What its calls come back as.</param>
public sealed record OfferedTool(string ModelName, string Name, string? Namespace, ToolKind Kind)
{
    /// <summary>A custom (free-form input) tool, offered as a function with one string argument "input".</summary>
    public bool IsCustom => Kind == ToolKind.Custom;
}

/// <summary>The kind of tool a function the model sees stands for: what item its calls become.</summary>
public enum ToolKind
{
    /// <summary>A function (or a namespace member): function_call.</summary>
    Function,

    /// <summary>A custom tool, offered as a function taking {"input"}: custom_tool_call.</summary>
    Custom,

    /// <summary>The client's shell tool: shell_call.</summary>
    Shell,

    /// <summary>The client's apply_patch tool: apply_patch_call.</summary>
    ApplyPatch,
}

/// <summary>
/// The function name the model sees for a tool. Chat templates know flat function lists only, so a namespace member
/// is offered as "namespace__name"; the same mapping renders replayed calls, so history and tools agree.
/// </summary>
public static class ToolNames
{
    public const string NamespaceSeparator = "__";

    public static string ModelName(string? toolNamespace, string name) =>
        string.IsNullOrEmpty(toolNamespace) ? name : toolNamespace + NamespaceSeparator + name;
}
