using System.Text.Json.Nodes;

namespace Responses.Conformance.Checks;

/// <summary>
/// The requests the kit sends: small (16-64 output tokens, temperature 0), and for forced calls and structured
/// output enum-typed, so even a random-weight model under constrained decoding finishes quickly.
/// </summary>
public sealed class RequestBodies(string model)
{
    public JsonObject Plain(bool stream = false) => new()
    {
        ["model"] = model,
        ["input"] = "Say hello.",
        ["max_output_tokens"] = 16,
        ["temperature"] = 0,
        ["stream"] = stream,
    };

    public JsonObject Items() => new()
    {
        ["model"] = model,
        ["instructions"] = "Answer briefly.",
        ["input"] = new JsonArray(
            new JsonObject
            {
                ["type"] = "message",
                ["role"] = "user",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "input_text", ["text"] = "Name a colour." }),
            }),
        ["max_output_tokens"] = 16,
        ["temperature"] = 0,
    };

    public JsonObject ForcedCall(bool stream = false) => new()
    {
        ["model"] = model,
        ["input"] = "What is the weather in Paris?",
        ["tools"] = new JsonArray(WeatherTool()),
        ["tool_choice"] = "required",
        // One call, then the turn ends: a random-weight model allowed parallel calls would call until the budget runs out.
        ["parallel_tool_calls"] = false,
        ["max_output_tokens"] = 64,
        ["temperature"] = 0,
        ["stream"] = stream,
    };

    /// <summary>
    /// A stored tool round trip in the short forms clients send: a message with string content, then a function call
    /// and its output, neither with an id or a status.
    /// </summary>
    public JsonObject ToolRoundTrip() => new()
    {
        ["model"] = model,
        ["input"] = new JsonArray(
            new JsonObject { ["role"] = "user", ["content"] = RoundTripQuestion },
            new JsonObject
            {
                ["type"] = "function_call",
                ["call_id"] = RoundTripCallId,
                ["name"] = "get_weather",
                ["arguments"] = "{\"city\":\"Paris\"}",
            },
            new JsonObject { ["type"] = "function_call_output", ["call_id"] = RoundTripCallId, ["output"] = "sunny" }),
        ["tools"] = new JsonArray(WeatherTool()),
        ["store"] = true,
        ["max_output_tokens"] = 16,
        ["temperature"] = 0,
    };

    /// <summary>The string content of <see cref="ToolRoundTrip"/>'s message.</summary>
    public const string RoundTripQuestion = "What is the weather in Paris?";

    /// <summary>The call_id of <see cref="ToolRoundTrip"/>'s call and output.</summary>
    public const string RoundTripCallId = "call_conformance_weather";

    public JsonObject StructuredOutput() => new()
    {
        ["model"] = model,
        ["input"] = "Is the sky blue? Answer in JSON.",
        ["text"] = new JsonObject
        {
            ["format"] = new JsonObject
            {
                ["type"] = "json_schema",
                ["name"] = "answer",
                ["strict"] = true,
                ["schema"] = AnswerSchema(),
            },
        },
        ["max_output_tokens"] = 64,
        ["temperature"] = 0,
    };

    /// <summary>The one function the tool requests offer.</summary>
    public static JsonObject WeatherTool() => new()
    {
        ["type"] = "function",
        ["name"] = "get_weather",
        ["description"] = "The current weather in a city.",
        ["strict"] = true,
        ["parameters"] = CitySchema(),
    };

    /// <summary>The parameters of the forced call: one enum-typed property.</summary>
    public static JsonObject CitySchema() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject { ["city"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("Paris", "London") } },
        ["required"] = new JsonArray("city"),
        ["additionalProperties"] = false,
    };

    /// <summary>The structured output's schema: one enum-typed property.</summary>
    public static JsonObject AnswerSchema() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject { ["answer"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("yes", "no") } },
        ["required"] = new JsonArray("answer"),
        ["additionalProperties"] = false,
    };
}
