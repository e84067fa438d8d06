using System.Net;
using System.Text.Json.Nodes;

namespace Responses.Tests.Integration;

/// <summary>
/// Every request field with every wrong kind of value: a 2xx, or a 4xx in OpenAI's envelope, never a 500. The
/// server's answers to these are checked one by one elsewhere; this sweep is for the combinations nobody wrote.
/// </summary>
[Collection(DefaultServerCollection.Name)]
public sealed class NoServerErrorTests(DefaultServer server)
{
    private static readonly string[] Fields =
    [
        "model", "input", "instructions", "max_output_tokens", "max_tool_calls", "temperature", "top_p", "top_logprobs",
        "stream", "stream_options", "store", "background", "metadata", "tools", "tool_choice", "parallel_tool_calls",
        "previous_response_id", "reasoning", "text", "include", "truncation", "user", "prompt_cache_key",
        "prompt_cache_retention", "safety_identifier", "service_tier",
    ];

    private static readonly string[] Values =
    [
        "null", "0", "-1", "1.5", "1099511627776", "1e30", "\"\"", "\"x\"", "[]", "{}", "[null]", "[1]", "true",
        """{"type":"x"}""", """[{"type":"x"}]""", "[{}]", """{"type":"function"}""", """{"format":{"type":"json_schema"}}""",
    ];

    public static TheoryData<string> FieldNames() => [.. Fields];

    [Theory]
    [MemberData(nameof(FieldNames))]
    public async Task Any_value_of_a_field_is_answered_without_a_server_error(string field)
    {
        foreach (var value in Values)
        {
            var body = new JsonObject { ["model"] = Api.Model, ["input"] = "hi", ["max_output_tokens"] = 16 };
            body[field] = JsonNode.Parse(value);
            using var response = await server.Client.PostResponseAsync(body.ToJsonString());
            var text = await response.Content.ReadAsStringAsync();

            Assert.True((int)response.StatusCode < 500, $"{field}={value}: {(int)response.StatusCode} {text}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var error = JsonNode.Parse(text)!["error"]!.AsObject();
                Assert.Equal(["message", "type", "param", "code"], error.Select(p => p.Key));
            }
        }
    }
}
