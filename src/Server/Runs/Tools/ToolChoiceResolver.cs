using System.Text.Json;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Errors;

namespace Responses.Server.Runs.Tools;

/// <summary>
/// Applies tool_choice to the callable tools: none offers nothing, a named function or custom tool (or {type: shell},
/// {type: apply_patch}) forces a call of it, allowed_tools narrows what is offered. Naming a tool that is not in tools is the client's mistake (400, as
/// OpenAI answers); naming a hosted tool is not, it is just not run here, so the model chooses freely.
/// </summary>
public static class ToolChoiceResolver
{
    public static ResolvedToolChoice Resolve(IReadOnlyList<CallableTool> callable, ToolChoiceParam? choice, JsonSerializerOptions json)
    {
        switch (choice)
        {
            case null or { Options: ToolChoiceOptions.Auto }:
                return new ResolvedToolChoice(callable, ToolChoice.Auto);
            case { Options: ToolChoiceOptions.None }:
                return new ResolvedToolChoice([], ToolChoice.Auto);
            case { Options: ToolChoiceOptions.Required }:
                return new ResolvedToolChoice(RequireAny(callable, "required"), ToolChoice.Required);
            case { Function: { } function }:
                return Forced(callable, "function", ToolNames.ModelName(NamespaceOf(function.AdditionalProperties), function.Name), custom: false);
            case { Custom: { } custom }:
                return Forced(callable, "custom", ToolNames.ModelName(NamespaceOf(custom.AdditionalProperties), custom.Name), custom: true);
            case { Allowed: { } allowed }:
                return Allowed(callable, allowed, json);
            case { ObjectType: ClientExecutedTools.Shell or ClientExecutedTools.ApplyPatch }:
                return ForcedClientTool(callable, choice.ObjectType!);
            default:
                return new ResolvedToolChoice(callable, ToolChoice.Auto, choice.ObjectType ?? "unknown");
        }
    }

    private static ResolvedToolChoice Forced(IReadOnlyList<CallableTool> callable, string type, string modelName, bool custom)
    {
        if (!callable.Any(t => t.Offered.IsCustom == custom && t.Offered.ModelName == modelName))
        {
            throw ApiException.InvalidRequest(
                $"Tool choice '{type}' with name '{modelName}' not found in 'tools'.", "tool_choice.name", ErrorTypes.InvalidValue);
        }

        return new ResolvedToolChoice(callable, new ToolChoice(ToolChoiceMode.Required, [modelName]));
    }

    /// <summary>{type: shell} or {type: apply_patch}: a call of that client-executed tool, which tools must declare.</summary>
    private static ResolvedToolChoice ForcedClientTool(IReadOnlyList<CallableTool> callable, string type)
    {
        if (!callable.Any(t => t.Offered.ModelName == type && t.Offered.Kind is ToolKind.Shell or ToolKind.ApplyPatch))
        {
            throw ApiException.InvalidRequest(
                $"Tool choice '{type}' requires a tool of type '{type}' in 'tools'.", "tool_choice", ErrorTypes.InvalidValue);
        }

        return new ResolvedToolChoice(callable, new ToolChoice(ToolChoiceMode.Required, [type]));
    }

    private static ResolvedToolChoice Allowed(IReadOnlyList<CallableTool> callable, ToolChoiceAllowed allowed, JsonSerializerOptions json)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k < allowed.Tools.Count; k++)
        {
            var param = $"tool_choice.tools[{k}]";
            var reference = JsonSerializer.SerializeToElement(allowed.Tools[k], json);
            var type = StringField(reference, "type");
            var name = StringField(reference, "name");
            Func<OfferedTool, bool>? matches = type switch
            {
                "function" => t => !t.IsCustom && t.ModelName == ToolNames.ModelName(StringField(reference, "namespace"), name ?? ""),
                "custom" => t => t.IsCustom && t.ModelName == ToolNames.ModelName(StringField(reference, "namespace"), name ?? ""),
                "namespace" => t => t.Namespace == name,
                ClientExecutedTools.Shell => t => t.Kind == ToolKind.Shell,
                ClientExecutedTools.ApplyPatch => t => t.Kind == ToolKind.ApplyPatch,
                // A hosted tool (or a malformed reference): nothing this server could offer.
                _ => null,
            };
            if (matches is null)
            {
                continue;
            }

            var found = callable.Where(t => matches(t.Offered)).ToList();
            if (found.Count == 0)
            {
                throw ApiException.InvalidRequest(
                    $"Tool choice 'allowed_tools' lists {type} '{name}', which is not in 'tools'.", param, ErrorTypes.InvalidValue);
            }

            listed.UnionWith(found.Select(t => t.Offered.ModelName));
        }

        var offered = callable.Where(t => listed.Contains(t.Offered.ModelName)).ToList();
        return allowed.Mode == ToolChoiceAllowedMode.Required
            ? new ResolvedToolChoice(RequireAny(offered, "allowed_tools"), ToolChoice.Required)
            : new ResolvedToolChoice(offered, ToolChoice.Auto);
    }

    private static IReadOnlyList<CallableTool> RequireAny(IReadOnlyList<CallableTool> offered, string choice)
    {
        if (offered.Count == 0)
        {
            // Generation cannot be held to a call of nothing; a reply without the call would break the client's contract.
            throw ApiException.InvalidRequest(
                $"Tool choice '{choice}' requires at least one function or custom tool the model can call; this server runs no hosted tools.",
                "tool_choice",
                ErrorTypes.InvalidValue);
        }

        return offered;
    }

    private static string? NamespaceOf(IDictionary<string, object> extra) =>
        extra.TryGetValue("namespace", out var value) && value is JsonElement { ValueKind: JsonValueKind.String } ns ? ns.GetString() : null;

    private static string? StringField(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

/// <summary>tool_choice applied to the callable tools.</summary>
/// <param name="Offered">The tools the model is offered (none for "none"; the listed ones for allowed_tools).</param>
/// <param name="Choice">The mode, and the one tool a named choice forces.</param>
/// <param name="HostedChoice">The type of a hosted tool tool_choice named (treated as auto), or null.</param>
public sealed record ResolvedToolChoice(IReadOnlyList<CallableTool> Offered, ToolChoice Choice, string? HostedChoice = null);
