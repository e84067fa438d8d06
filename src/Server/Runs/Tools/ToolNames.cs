namespace Responses.Server.Runs.Tools;

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
