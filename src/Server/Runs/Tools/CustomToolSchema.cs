using System.Text.Json;
using System.Text.Json.Nodes;

namespace Responses.Server.Runs.Tools;

/// <summary>
/// A custom (free-form input) tool offered as a function of one string argument, "input": chat templates and
/// constrained decoding know JSON-argument functions only. A grammar the client gave goes into the argument's
/// description, the one place the model reads it.
/// </summary>
public static class CustomToolSchema
{
    public const string InputArgument = "input";

    public static string ParametersJson(object? format, JsonSerializerOptions json)
    {
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                [InputArgument] = new JsonObject { ["type"] = "string", ["description"] = Hint(format, json) },
            },
            ["required"] = new JsonArray(InputArgument),
            ["additionalProperties"] = false,
        };
        return schema.ToJsonString(json);
    }

    /// <summary>The call's arguments for a replayed custom call: {"input": input}.</summary>
    public static string Arguments(string input, JsonSerializerOptions json) =>
        new JsonObject { [InputArgument] = input }.ToJsonString(json);

    private static string Hint(object? format, JsonSerializerOptions json)
    {
        var element = format is null ? (JsonElement?)null : JsonSerializer.SerializeToElement(format, json);
        if (element is { ValueKind: JsonValueKind.Object } f
            && f.TryGetProperty("type", out var type) && type.ValueEquals("grammar")
            && f.TryGetProperty("definition", out var definition) && definition.ValueKind == JsonValueKind.String)
        {
            var syntax = f.TryGetProperty("syntax", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : "formal";
            return $"The tool's input, as text in this {syntax} grammar:\n{definition.GetString()}";
        }

        return "The tool's input, as free-form text.";
    }
}
