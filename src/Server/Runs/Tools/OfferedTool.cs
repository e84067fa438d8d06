namespace Responses.Server.Runs.Tools;

/// <summary>What a function name the model sees stands for in the request's tools.</summary>
/// <param name="ModelName">The name the model was offered and calls (a namespace member's is "namespace__name").</param>
/// <param name="Name">The tool's own name, as the client declared it.</param>
/// <param name="Namespace">The namespace tool it belongs to, if any.</param>
/// <param name="IsCustom">A custom (free-form input) tool, offered as a function with one string argument "input".</param>
public sealed record OfferedTool(string ModelName, string Name, string? Namespace, bool IsCustom);
