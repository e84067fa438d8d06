using System.Text.Json;

namespace Responses.Tests.Integration.Operations;

/// <summary>The real server with Logging:Format=json: what it prints is one JSON object per line.</summary>
public sealed class JsonLogFormatTests
{
    [Fact]
    public async Task Every_line_the_server_prints_is_a_JSON_object_and_the_request_line_carries_its_fields()
    {
        using var server = await ServerChildProcess.StartAsync("--store", "memory", "--Logging:Format", "json");
        var created = await server.Client.CreateAsync($$"""{"model":"{{Api.Model}}","input":"Hi","max_output_tokens":16}""");
        var id = (string)created["id"]!;

        JsonElement? requestLine = null;
        for (var tries = 0; tries < 100 && requestLine is null; tries++)
        {
            await Task.Delay(50);
            requestLine = Lines(server.Log).FirstOrDefault(line => line.TryGetProperty("State", out var state) &&
                state.TryGetProperty("ResponseId", out var value) && value.ValueKind == JsonValueKind.String && value.GetString() == id);
        }

        Assert.True(requestLine is not null, $"no JSON request line for {id}:\n{server.Log}");
        var line = requestLine.Value;
        Assert.Equal("Responses.Requests", line.GetProperty("Category").GetString());
        Assert.Equal("Information", line.GetProperty("LogLevel").GetString());
        Assert.Equal(Api.Model, line.GetProperty("State").GetProperty("Model").GetString());
        Assert.Equal((int)created["usage"]!["output_tokens"]!, line.GetProperty("State").GetProperty("OutputTokens").GetInt32());
        Assert.EndsWith("Z", line.GetProperty("Timestamp").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Every non-empty line parsed; one that is not JSON fails the test with the whole log.</summary>
    private static List<JsonElement> Lines(string log)
    {
        var lines = new List<JsonElement>();
        foreach (var text in log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                lines.Add(document.RootElement.Clone());
            }
            catch (JsonException)
            {
                Assert.Fail($"not a JSON line: {text}\n{log}");
            }
        }

        return lines;
    }
}
