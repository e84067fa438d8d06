using System.Text.Json;
using Responses.Generated;
using Responses.Inference;

namespace Responses.Server.Runs.Tools;

/// <summary>
/// OpenAI's client-executed tools, shell and apply_patch (the Agents SDK runs them itself, as it runs functions):
/// offered to the model as functions of the same names, with schemas in the shapes of OpenAI's action and operation,
/// and their calls read back into those shapes. Replayed calls render with the same names and the same JSON
/// (<see cref="Conversation.ReplayedItems"/>), so history and tools agree.
/// </summary>
public static class ClientExecutedTools
{
    public const string Shell = "shell";

    public const string ApplyPatch = "apply_patch";

    private const string ShellParameters =
        """{"type":"object","properties":{"commands":{"type":"array","items":{"type":"string"},"description":"The shell commands to run, in order."}},"required":["commands"],"additionalProperties":false}""";

    private const string ApplyPatchParameters =
        """{"type":"object","properties":{"type":{"type":"string","enum":["create_file","update_file","delete_file"],"description":"What to do with the file."},"path":{"type":"string","description":"The file's path."},"diff":{"type":"string","description":"The diff to apply (the new file's content as a diff for create_file; empty for delete_file)."}},"required":["type","path","diff"],"additionalProperties":false}""";

    /// <summary>Strict schemas: a forced call (tool_choice {type: shell}) is held to them by constrained decoding.</summary>
    public static CallableTool ShellTool { get; } = new(
        new ChatTool(Shell, "Run shell commands on the user's machine and get their output.", ShellParameters, Strict: true),
        new OfferedTool(Shell, Shell, null, ToolKind.Shell));

    public static CallableTool ApplyPatchTool { get; } = new(
        new ChatTool(ApplyPatch, "Create, update or delete one file with a diff.", ApplyPatchParameters, Strict: true),
        new OfferedTool(ApplyPatch, ApplyPatch, null, ToolKind.ApplyPatch));

    /// <summary>
    /// The shell action the model's arguments stand for: its commands (a lone "command" string is one command);
    /// arguments that are not such an object (cut short by a length limit) give no commands rather than a guess.
    /// </summary>
    public static FunctionShellAction ShellAction(string arguments)
    {
        var commands = new List<string>();
        if (Parse(arguments) is { ValueKind: JsonValueKind.Object } root)
        {
            if (root.TryGetProperty("commands", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                commands.AddRange(list.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.String ? c.GetString()! : c.GetRawText()));
            }
            else if ((String(root, "commands") ?? String(root, "command")) is { } one)
            {
                commands.Add(one);
            }
        }

        return new FunctionShellAction { Commands = commands, TimeoutMs = null, MaxOutputLength = null };
    }

    /// <summary>The apply_patch operation the model's arguments stand for; a delete carries no diff, as OpenAI's has none.</summary>
    public static ApplyPatchOperation PatchOperation(string arguments)
    {
        var root = Parse(arguments) is { ValueKind: JsonValueKind.Object } parsed ? parsed : default;
        var type = String(root, "type") switch
        {
            "create_file" => ApplyPatchOperationType.CreateFile,
            "delete_file" => ApplyPatchOperationType.DeleteFile,
            _ => ApplyPatchOperationType.UpdateFile,
        };
        return new ApplyPatchOperation
        {
            Type = type,
            Path = String(root, "path") ?? string.Empty,
            Diff = type == ApplyPatchOperationType.DeleteFile ? null : String(root, "diff") ?? string.Empty,
        };
    }

    private static JsonElement? Parse(string arguments)
    {
        try
        {
            using var document = JsonDocument.Parse(arguments);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
