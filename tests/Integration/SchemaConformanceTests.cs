using System.Net;
using System.Text.Json.Nodes;
using Responses.Tests.Support;

namespace Responses.Tests.Integration;

/// <summary>What the server actually sends validates against OpenAI's own JSON Schemas (skipped where they are absent).</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class SchemaConformanceTests(DefaultServer server)
{
    [OpenAISchemaFact]
    public async Task Plain_Response_validates_as_Response()
    {
        var response = await server.Client.CreateAsync($$$"""{"model":"{{{Api.Model}}}","input":"hi","instructions":"Be brief.","max_output_tokens":16,"temperature":0,"metadata":{"k":"v"}}""");

        OpenAISchemas.AssertValid("Response", response);
    }

    [OpenAISchemaFact]
    public async Task Completed_Response_validates_as_Response()
    {
        JsonObject? completed = null;
        await foreach (var response in SampledReplies.CreateAsync())
        {
            if ((string?)response["status"] == "completed")
            {
                completed = response;
                break;
            }
        }

        Assert.NotNull(completed);
        OpenAISchemas.AssertValid("Response", completed);
    }

    [OpenAISchemaFact]
    public async Task Every_stream_event_validates_as_ResponseStreamEvent()
    {
        using var response = await server.Client.PostResponseAsync($$"""{"model":"{{Api.Model}}","input":"hi","max_output_tokens":16,"temperature":0,"stream":true}""");
        var frames = SseFrame.ParseAll(await response.Content.ReadAsStringAsync());

        Assert.True(frames.Count >= 9);
        foreach (var frame in frames)
        {
            OpenAISchemas.AssertValid("ResponseStreamEvent", frame.Json);
        }
    }

    /// <summary>
    /// The embedded model thinking as Codex asks (summary auto, encrypted content, store false), sampled so it ends:
    /// every event, the summary and reasoning_text ones included, and the final Response with its sealed item.
    /// </summary>
    [OpenAISchemaFact]
    public async Task A_thinking_stream_with_summary_and_encrypted_content_validates()
    {
        using var response = await server.Client.PostResponseAsync(
            $$"""{"model":"{{Api.Model}}","input":"Why is the sky blue?","max_output_tokens":200,"stream":true,"store":false,"reasoning":{"effort":"medium","summary":"auto"},"include":["reasoning.encrypted_content"]}""");
        var frames = SseFrame.ParseAll(await response.Content.ReadAsStringAsync());

        Assert.Contains(frames, f => f.Event == "response.reasoning_summary_text.delta");
        Assert.Contains(frames, f => f.Event == "response.reasoning_summary_part.done");
        foreach (var frame in frames)
        {
            OpenAISchemas.AssertValid("ResponseStreamEvent", frame.Json);
        }

        var final = frames[^1].Json["response"]!.AsObject();
        var reasoning = final["output"]![0]!;
        Assert.Equal("reasoning", (string?)reasoning["type"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)reasoning["summary"]![0]!["text"]));
        Assert.False(string.IsNullOrEmpty((string?)reasoning["encrypted_content"]));
        OpenAISchemas.AssertValid("Response", final);
    }

    [OpenAISchemaFact]
    public async Task Errors_validate_as_ErrorResponse()
    {
        string[] bodies =
        [
            """{"model":""",
            $$"""{"model":"{{Api.Model}}","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":7}]}]}""",
            """{"model":"nope","input":"hi"}""",
        ];
        foreach (var body in bodies)
        {
            using var response = await server.Client.PostResponseAsync(body);
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
            OpenAISchemas.AssertValid("ErrorResponse", JsonNode.Parse(await response.Content.ReadAsStringAsync()));
        }

        using var notFound = await server.Client.GetAsync("/v1/nothing");
        OpenAISchemas.AssertValid("ErrorResponse", JsonNode.Parse(await notFound.Content.ReadAsStringAsync()));
    }

    [OpenAISchemaFact]
    public async Task Model_list_validates_as_ListModelsResponse()
    {
        OpenAISchemas.AssertValid("ListModelsResponse", JsonNode.Parse(await server.Client.GetStringAsync("/v1/models")));
    }
}
