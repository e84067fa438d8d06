using System.Text;
using System.Text.Json;
using Responses.Generated;
using Responses.Inference;

namespace Responses.Server.Runs.Conversation;

/// <summary>
/// What a replayed item of a tool only OpenAI runs means to a local model. Shell commands and patches, and their
/// outputs, are ordinary tool calls in text: they become calls of a function named after the tool ("local_shell")
/// with the action as arguments, and tool results. Everything else (searches, images, MCP listings) has no text
/// the model could use and is skipped, never refused: agents replay them on every turn.
/// </summary>
public static class ReplayedItems
{
    /// <summary>What an item became.</summary>
    public abstract record Meaning;

    /// <summary>An assistant tool call.</summary>
    public sealed record Call(ChatToolCall ToolCall) : Meaning;

    /// <summary>The output of an earlier call.</summary>
    public sealed record Result(string CallId, string Output) : Meaning;

    /// <summary>Nothing the model can read.</summary>
    public sealed record Skip(string Reason) : Meaning;

    /// <summary>Call item type → (function name the model sees, field holding the arguments).</summary>
    private static readonly Dictionary<string, (string Function, string Arguments)> Calls = new()
    {
        ["local_shell_call"] = ("local_shell", "action"),
        ["shell_call"] = (Tools.ClientExecutedTools.Shell, "action"),
        ["apply_patch_call"] = (Tools.ClientExecutedTools.ApplyPatch, "operation"),
    };

    public static Meaning Convert(ReplayedItemParam item, JsonSerializerOptions json)
    {
        var fields = JsonSerializer.SerializeToElement(item, json);
        if (Calls.TryGetValue(item.ItemType, out var call))
        {
            return String(fields, "call_id") is { } callId && fields.TryGetProperty(call.Arguments, out var arguments)
                ? new Call(new ChatToolCall(callId, call.Function, JsonText.Of(arguments, json)))
                : new Skip($"no call_id or {call.Arguments}");
        }

        return item.ItemType switch
        {
            // OpenAI names the call this output answers by its "id"; Codex-style clients send "call_id".
            "local_shell_call_output" => ResultOf(String(fields, "call_id") ?? String(fields, "id"), String(fields, "output")),
            "shell_call_output" => ResultOf(String(fields, "call_id"), ShellOutput(fields)),
            "apply_patch_call_output" => ResultOf(String(fields, "call_id"), String(fields, "output") ?? String(fields, "status")),
            _ => new Skip("no text meaning"),
        };
    }

    private static Meaning ResultOf(string? callId, string? output) =>
        callId is null ? new Skip("no call_id") : new Result(callId, output ?? "");

    /// <summary>shell_call_output's output: a string, or chunks of {stdout, stderr, outcome}.</summary>
    private static string? ShellOutput(JsonElement fields)
    {
        if (!fields.TryGetProperty("output", out var output))
        {
            return null;
        }

        if (output.ValueKind != JsonValueKind.Array)
        {
            return output.ValueKind == JsonValueKind.String ? output.GetString() : null;
        }

        var text = new StringBuilder();
        foreach (var chunk in output.EnumerateArray())
        {
            Line(text, String(chunk, "stdout"));
            Line(text, String(chunk, "stderr"));
            if (chunk.ValueKind == JsonValueKind.Object && chunk.TryGetProperty("outcome", out var outcome))
            {
                Line(text, String(outcome, "type") == "exit" && outcome.TryGetProperty("exit_code", out var code)
                    ? $"exit code {code.GetRawText()}"
                    : String(outcome, "type"));
            }
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, string? line)
    {
        if (string.IsNullOrEmpty(line))
        {
            return;
        }

        if (text.Length > 0)
        {
            text.Append('\n');
        }

        text.Append(line.TrimEnd('\n'));
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
