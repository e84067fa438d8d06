using System.Net;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Responses.Inference.Engine;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Agents;

/// <summary>text.format json_object and json_schema are enforced: the random-weight model's output parses and matches.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class StructuredOutputTests(DefaultServer server)
{
    private const string Schema =
        """{"type":"object","properties":{"answer":{"type":"string","enum":["yes","no"]},"confidence":{"type":"integer"},"checked":{"type":"boolean"}},"required":["answer","confidence","checked"],"additionalProperties":false}""";

    [Fact]
    public async Task A_json_schema_reply_parses_and_matches_the_schema()
    {
        var response = await server.Client.CreateAsync(
            $$$$"""{"model":"{{{{Api.Model}}}}","input":"Is it sunny?","temperature":0,"max_output_tokens":64,"text":{"format":{"type":"json_schema","name":"verdict","strict":true,"schema":{{{{Schema}}}}}}}""");

        Assert.Equal("completed", (string?)response["status"]);
        var text = Api.OutputText(response);
        var result = JsonSchema.FromText(Schema).Evaluate(JsonNode.Parse(text));
        Assert.True(result.IsValid, text);
        Assert.Equal("json_schema", (string?)response["text"]!["format"]!["type"]);
    }

    [Fact]
    public async Task A_json_object_reply_is_one_JSON_object()
    {
        using var factory = new ResponsesServerFactory
        {
            ConfigureTestServices = services =>
            {
                services.RemoveAll<ISeedSource>();
                services.AddSingleton<ISeedSource>(new FixedSeedSource(7));
            },
        };
        using var client = factory.CreateClient();

        // Sampled, with room: on random weights a string closes only when the sampler happens to pick a quote, and greedy
        // decoding never does.
        var response = await client.CreateAsync(
            $$$$"""{"model":"{{{{Api.Model}}}}","input":"Reply in JSON.","temperature":1,"max_output_tokens":4000,"text":{"format":{"type":"json_object"}}}""");

        Assert.True((string?)response["status"] == "completed", Api.OutputText(response));
        Assert.Equal(System.Text.Json.JsonValueKind.Object, JsonNode.Parse(Api.OutputText(response))!.GetValueKind());
    }

    [Fact]
    public async Task A_schema_the_engine_cannot_enforce_is_a_400_before_anything_streams()
    {
        using var response = await server.Client.PostResponseAsync(
            $$$$$"""{"model":"{{{{{Api.Model}}}}}","input":"x","stream":true,"text":{"format":{"type":"json_schema","name":"bad","schema":{"type":"objectx"}}}}""");

        await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_value", "text.format.schema");
    }
}
