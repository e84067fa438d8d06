using System.Text.Json;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Errors;
using Responses.Server.Runs.Conversation;

namespace Responses.Server.Runs.Tools;

/// <summary>
/// Sorts the request's tools into those the model can call (functions, namespace members, custom tools, and the
/// client-executed shell and apply_patch) and those
/// only OpenAI runs (web search, image generation, MCP, unknown types...). Hosted tools are never a 4xx: coding agents
/// send them on every turn, and the model is told instead that they are not available.
/// </summary>
public static class DeclaredToolReader
{
    public static DeclaredTools Read(IReadOnlyList<Tool>? tools, JsonSerializerOptions json)
    {
        var callable = new List<CallableTool>();
        var hosted = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (tools?.Count ?? 0); i++)
        {
            var param = $"tools[{i}]";
            switch (tools![i])
            {
                case NamespaceToolParam ns:
                    ReadNamespace(ns, param, json, callable, names);
                    break;
                case FunctionTool or CustomToolParam:
                    Add(Callable(tools[i], null, json), param, callable, names);
                    break;
                case FunctionShellToolParam:
                    Add(ClientExecutedTools.ShellTool, param, callable, names);
                    break;
                case ApplyPatchToolParam:
                    Add(ClientExecutedTools.ApplyPatchTool, param, callable, names);
                    break;
                case var other:
                    var type = ToolType(other);
                    if (!hosted.Contains(type))
                    {
                        hosted.Add(type);
                    }

                    break;
            }
        }

        return new DeclaredTools(callable, hosted);
    }

    private static void ReadNamespace(NamespaceToolParam ns, string param, JsonSerializerOptions json, List<CallableTool> callable, HashSet<string> names)
    {
        for (var j = 0; j < ns.Tools.Count; j++)
        {
            var memberParam = $"{param}.tools[{j}]";
            Tool? member;
            try
            {
                member = JsonSerializer.SerializeToElement(ns.Tools[j], json).Deserialize<Tool>(json);
            }
            catch (JsonException exception)
            {
                // Members are free-form objects in the spec, so they are read here and their faults named like the body's.
                throw JsonErrorTranslator.Translate(NestedJsonErrors.Nest(exception, $"{param}.tools", j));
            }

            if (member is not (FunctionTool or CustomToolParam))
            {
                throw ApiException.InvalidRequest(
                    $"Invalid '{memberParam}': a namespace holds function and custom tools only.", $"{memberParam}.type", ErrorTypes.InvalidValue);
            }

            Add(Callable(member, ns.Name, json), memberParam, callable, names);
        }
    }

    private static CallableTool Callable(Tool tool, string? ns, JsonSerializerOptions json) => tool switch
    {
        FunctionTool f => new CallableTool(
            new ChatTool(ToolNames.ModelName(ns, f.Name), f.Description, f.Parameters is null ? null : JsonText.Of(f.Parameters, json), f.Strict ?? false),
            new OfferedTool(ToolNames.ModelName(ns, f.Name), f.Name, ns, ToolKind.Function)),
        CustomToolParam c => new CallableTool(
            // Strict: the schema is ours and strict-ready, so constrained decoding can hold the model to it.
            new ChatTool(ToolNames.ModelName(ns, c.Name), c.Description, CustomToolSchema.ParametersJson(c.Format, json), Strict: true),
            new OfferedTool(ToolNames.ModelName(ns, c.Name), c.Name, ns, ToolKind.Custom)),
        _ => throw new ArgumentException($"Not a callable tool: {tool.GetType().Name}.", nameof(tool)),
    };

    private static void Add(CallableTool tool, string param, List<CallableTool> callable, HashSet<string> names)
    {
        // A schema is an object: "parameters": "x" would otherwise reach the model as a tool that takes a string.
        if (tool.Chat.ParametersJson is { } parameters && !parameters.TrimStart().StartsWith('{'))
        {
            throw ApiException.InvalidRequest(
                $"Invalid type for '{param}.parameters': expected a JSON Schema object.", $"{param}.parameters", ErrorTypes.InvalidType);
        }

        // Calls name the tool: two tools of one name could not be told apart when the model calls one.
        if (!names.Add(tool.Offered.ModelName))
        {
            throw ApiException.InvalidRequest(
                $"Invalid '{param}.name': duplicate tool name '{tool.Offered.ModelName}'. Tool names must be unique.",
                $"{param}.name",
                ErrorTypes.InvalidValue);
        }

        callable.Add(tool);
    }

    /// <summary>A hosted tool's wire type ("web_search", or an unknown tool's own type).</summary>
    public static string ToolType(Tool tool) =>
        tool is UnknownTool unknown ? unknown.Type
        : ToolJsonConverter.Members.FirstOrDefault(m => m.Value == tool.GetType()).Key ?? tool.GetType().Name;
}

/// <summary>The request's tools sorted by what this server can do with them.</summary>
/// <param name="Callable">Functions, namespace members and custom tools, in request order.</param>
/// <param name="Hosted">The types of the tools only OpenAI runs (web_search, image_generation...), once each, in order.</param>
public sealed record DeclaredTools(IReadOnlyList<CallableTool> Callable, IReadOnlyList<string> Hosted);

/// <summary>A tool of the request the model can call: what it is offered, and what its calls map back to.</summary>
public sealed record CallableTool(ChatTool Chat, OfferedTool Offered);
