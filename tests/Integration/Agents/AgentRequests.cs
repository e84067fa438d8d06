using System.Text.Json.Nodes;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Agents;

/// <summary>Request bodies and readers shared by the agent tests.</summary>
public static class AgentRequests
{
    /// <summary>
    /// A strict function whose arguments are enums, so that even greedy decoding on random weights ends them (a free
    /// string argument would run on until max_output_tokens: nothing in random weights ever closes the quote).
    /// </summary>
    public const string WeatherTool =
        """{"type":"function","name":"get_weather","description":"Current weather for a city.","strict":true,"parameters":{"type":"object","properties":{"city":{"type":"string","enum":["Paris","London","Tokyo"]},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["city","unit"],"additionalProperties":false}}""";

    public const string TimeTool =
        """{"type":"function","name":"get_time","description":"Current time in a time zone.","strict":true,"parameters":{"type":"object","properties":{"offset_hours":{"type":"integer"}},"required":["offset_hours"],"additionalProperties":false}}""";

    public static readonly string[] Cities = ["Paris", "London", "Tokyo"];

    /// <summary>A request body; greedy unless a temperature is given.</summary>
    public static string Body(string input, string tools, string toolChoice, string extra = "", double temperature = 0, int maxOutputTokens = 64) =>
        $$"""{"model":"{{Api.Model}}","input":{{input}},"tools":[{{tools}}],"tool_choice":{{toolChoice}},"temperature":{{temperature}},"max_output_tokens":{{maxOutputTokens}}{{extra}}}""";

    public static JsonObject[] Items(JsonNode response, string type) =>
        response["output"]!.AsArray().Select(i => i!.AsObject()).Where(i => (string?)i["type"] == type).ToArray();

    /// <summary>All frames of a streamed response.</summary>
    public static async Task<IReadOnlyList<SseFrame>> StreamAsync(HttpClient client, string body)
    {
        using var response = await client.PostResponseAsync(body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return SseFrame.ParseAll(text);
    }

    /// <summary>Asserts a function_call item is complete and its arguments are a JSON object; returns the arguments.</summary>
    public static JsonObject AssertCall(JsonObject item, string name)
    {
        Assert.Equal("function_call", (string?)item["type"]);
        Assert.StartsWith("fc_", (string?)item["id"]);
        Assert.StartsWith("call_", (string?)item["call_id"]);
        Assert.Equal(name, (string?)item["name"]);
        Assert.Equal("completed", (string?)item["status"]);
        return JsonNode.Parse((string)item["arguments"]!)!.AsObject();
    }
}
