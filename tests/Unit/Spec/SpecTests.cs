using System.Text.Json.Nodes;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;
using Responses.Tests.Support;
using Xunit;

namespace Responses.Tests.Unit.Spec;

/// <summary>
/// spec/openapi.yaml is the source of truth: it must parse and validate, expose the operations the server
/// implements, and stay faithful to OpenAI's schemas (names, required fields, enums).
/// </summary>
public class SpecTests
{
    private static readonly Lazy<(OpenApiDocument Document, OpenApiDiagnostic Diagnostic)> Spec = new(() =>
    {
        using var stream = File.OpenRead(Path.Combine(RepositoryPaths.Root, "spec", "openapi.yaml"));
        var document = new OpenApiStreamReader().Read(stream, out var diagnostic);
        return (document, diagnostic);
    });

    private static OpenApiDocument Document => Spec.Value.Document;

    private static IDictionary<string, OpenApiSchema> Schemas => Document.Components.Schemas;

    /// <summary>OpenAI's JSON Schemas; only read by tests marked [OpenAISchemaTheory], which are skipped without them.</summary>
    private static readonly Lazy<JsonNode> OpenAIReference = new(() => JsonNode.Parse(File.ReadAllText(RepositoryPaths.OpenAISchemasPath))!);

    [Fact]
    public void Spec_parses_and_validates_without_errors()
    {
        var diagnostic = Spec.Value.Diagnostic;
        Assert.True(diagnostic.Errors.Count == 0,
            "OpenAPI errors:\n" + string.Join("\n", diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        Assert.StartsWith("3.0", diagnostic.SpecificationVersion.ToString().Replace("OpenApi", "").Replace("_", "."));
    }

    [Theory]
    [InlineData("/v1/responses", OperationType.Post, "createResponse")]
    [InlineData("/v1/models", OperationType.Get, "listModels")]
    [InlineData("/v1/responses/{response_id}", OperationType.Get, "getResponse")]
    [InlineData("/v1/responses/{response_id}", OperationType.Delete, "deleteResponse")]
    [InlineData("/v1/responses/{response_id}/input_items", OperationType.Get, "listInputItems")]
    [InlineData("/v1/responses/compact", OperationType.Post, "compactResponse")]
    [InlineData("/v1/responses/{response_id}/cancel", OperationType.Post, "cancelResponse")]
    public void Operations_exist_with_OpenAI_operation_ids(string path, OperationType method, string operationId)
    {
        Assert.True(Document.Paths.ContainsKey(path), $"missing path {path}");
        var operation = Document.Paths[path].Operations[method];
        Assert.Equal(operationId, operation.OperationId);
    }

    [Fact]
    public void CreateResponse_takes_json_and_returns_json_or_event_stream()
    {
        var operation = Document.Paths["/v1/responses"].Operations[OperationType.Post];
        Assert.Equal("CreateResponse", operation.RequestBody.Content["application/json"].Schema.Reference.Id);
        var ok = operation.Responses["200"].Content;
        Assert.Equal("Response", ok["application/json"].Schema.Reference.Id);
        Assert.Equal("ResponseStreamEvent", ok["text/event-stream"].Schema.Reference.Id);
        var errors = operation.Responses.Where(r => r.Key != "200").ToList();
        Assert.NotEmpty(errors);
        foreach (var (code, response) in errors)
            Assert.True(response.Content["application/json"].Schema.Reference.Id == "ErrorResponse", $"{code} must use ErrorResponse");
    }

    [Fact]
    public void ErrorResponse_has_all_four_error_fields_required()
    {
        Assert.Equal(["error"], Schemas["ErrorResponse"].Required.ToArray());
        var error = Schemas["Error"];
        Assert.Equal(new[] { "code", "message", "param", "type" }, error.Required.OrderBy(x => x));
        Assert.True(error.Properties["param"].Nullable);
        Assert.True(error.Properties["code"].Nullable);
        Assert.Equal("string", error.Properties["code"].Type);
    }

    [Fact]
    public void CreateResponse_accepts_every_field_real_clients_send()
    {
        var properties = Schemas["CreateResponse"].Properties.Keys;
        string[] expected =
        [
            "model", "input", "instructions", "max_output_tokens", "temperature", "top_p", "stream", "store", "metadata",
            "tools", "tool_choice", "parallel_tool_calls", "previous_response_id", "reasoning", "text", "include",
            "truncation", "user", "prompt_cache_key", "safety_identifier", "service_tier", "top_logprobs", "background",
            "stream_options", "max_tool_calls", "conversation",
        ];
        Assert.Empty(expected.Except(properties));
    }

    [Theory]
    [InlineData("ResponseStatus", "completed,failed,in_progress,cancelled,queued,incomplete")]
    [InlineData("ToolChoiceOptions", "none,auto,required")]
    [InlineData("EasyInputMessageRole", "user,assistant,system,developer")]
    [InlineData("OutputItemStatus", "in_progress,completed,incomplete")]
    public void Enums_match_OpenAI(string schema, string values)
    {
        var actual = Schemas[schema].Enum.Select(e => ((Microsoft.OpenApi.Any.OpenApiString)e).Value);
        Assert.Equal(values.Split(','), actual);
    }

    [Fact]
    public void Every_stream_event_requires_sequence_number_and_type()
    {
        var baseSchema = Schemas["ResponseStreamEvent"];
        Assert.Equal("type", baseSchema.Discriminator.PropertyName);
        Assert.Contains("sequence_number", baseSchema.Required);
        Assert.Contains("type", baseSchema.Required);
        // Every event schema below (the ones the server sends) is one of the mapped types.
        var mapped = baseSchema.Discriminator.Mapping.Values.Select(reference => reference.Split('/').Last()).ToList();
        Assert.Empty(OpenAISchemas.Select((object[] row) => (string)row[0]).Where(name => name.EndsWith("Event", StringComparison.Ordinal)).Except(mapped));
        foreach (var (discriminator, reference) in baseSchema.Discriminator.Mapping)
        {
            var name = reference.Split('/').Last();
            Assert.True(Schemas.ContainsKey(name), $"{discriminator} maps to missing schema {name}");
            Assert.Contains(Schemas[name].AllOf, s => s.Reference?.Id == "ResponseStreamEvent");
        }
    }

    [Fact]
    public void Input_item_converter_reads_exactly_the_spec_mapping()
    {
        var mapping = Schemas["InputItem"].Discriminator.Mapping;

        Assert.Equal(mapping.Keys.Order(), Responses.Generated.InputItemJsonConverter.Members.Keys.Order());
        foreach (var (discriminator, reference) in mapping)
        {
            var schema = reference.Split('/').Last();
            var member = Responses.Generated.InputItemJsonConverter.Members[discriminator];
            // Schemas NSwag collapses into ReplayedItemParam are the ones built on it.
            var expected = Schemas[schema].AllOf.Any(s => s.Reference?.Id == "ReplayedItemParam") ? "ReplayedItemParam" : schema;
            Assert.True(member.Name == expected, $"{discriminator} maps to {schema} in the spec but to {member.Name} in the converter");
        }
    }

    [Fact]
    public void Input_items_list_every_replayed_item_type_as_it_was_sent()
    {
        var members = Schemas["ItemResource"].AnyOf.Select(member => member.Reference.Id).ToHashSet();
        var replayed = Schemas["InputItem"].Discriminator.Mapping.Values.Select(reference => reference.Split('/').Last())
            .Where(name => Schemas[name].AllOf.Any(s => s.Reference?.Id == "ReplayedItemParam"));

        Assert.Empty(replayed.Except(members));
        Assert.Equal("ItemResource", Schemas["ResponseItemList"].Properties["data"].Items.Reference.Id);
    }

    /// <summary>Schemas whose name, properties, required fields and enums must match OpenAI's.</summary>
    public static TheoryData<string> OpenAISchemas => new()
    {
        "ErrorResponse", "Error", "Model", "ListModelsResponse", "Response", "ResponseUsage", "OutputMessage",
        "OutputTextContent", "RefusalContent", "ReasoningTextContent", "InputTextContent", "SummaryTextContent",
        "EasyInputMessage", "FunctionToolCall", "ReasoningItem", "FunctionTool", "LogProb", "TopLogProb", "ResponseLogProb",
        "ResponseCreatedEvent", "ResponseInProgressEvent", "ResponseCompletedEvent", "ResponseIncompleteEvent",
        "ResponseFailedEvent", "ResponseQueuedEvent", "ResponseOutputItemAddedEvent", "ResponseOutputItemDoneEvent",
        "ResponseContentPartAddedEvent", "ResponseContentPartDoneEvent", "ResponseTextDeltaEvent", "ResponseTextDoneEvent",
        "ResponseRefusalDeltaEvent", "ResponseRefusalDoneEvent", "ResponseFunctionCallArgumentsDeltaEvent",
        "ResponseFunctionCallArgumentsDoneEvent", "ResponseReasoningTextDeltaEvent", "ResponseReasoningTextDoneEvent",
        "ResponseReasoningSummaryPartAddedEvent", "ResponseReasoningSummaryPartDoneEvent",
        "ResponseReasoningSummaryTextDeltaEvent", "ResponseReasoningSummaryTextDoneEvent", "ResponseErrorEvent",
        "CompactionBody", "CompactionSummaryItemParam", "CompactionTriggerItemParam",
        "ResponseItemList", "InputMessageResource", "FunctionToolCallResource", "FunctionToolCallOutputResource",
        "CustomToolCallResource", "CustomToolCallOutputResource",
    };

    /// <summary>
    /// Cross-check against OpenAI's own schemas (shared/reference/openai-responses-schemas.json): every field
    /// OpenAI requires exists here and is required here too. Fields this spec adds beyond OpenAI's are allowed.
    /// </summary>
    [OpenAISchemaTheory]
    [MemberData(nameof(OpenAISchemas))]
    public void Schema_requires_everything_OpenAI_requires(string name)
    {
        var reference = OpenAIReference.Value;
        var openAi = reference["$defs"]![name];
        Assert.True(openAi is not null, $"{name} is not an OpenAI schema name");

        var (theirProperties, theirRequired) = Flatten(reference, openAi!);
        var (ourProperties, ourRequired) = Flatten(name);
        Assert.True(theirRequired.Count > 0, $"OpenAI's {name} requires nothing: the walk over its schema found no 'required'");

        var missing = theirProperties.Intersect(theirRequired).Except(ourProperties).ToList();
        Assert.True(missing.Count == 0, $"{name} lacks OpenAI's required properties: {string.Join(", ", missing)}");
        var notRequired = theirRequired.Except(ourRequired).ToList();
        Assert.True(notRequired.Count == 0, $"{name} does not require: {string.Join(", ", notRequired)}");
    }

    private static (HashSet<string> Properties, HashSet<string> Required) Flatten(string name)
    {
        var properties = new HashSet<string>();
        var required = new HashSet<string>();
        void Walk(OpenApiSchema schema)
        {
            if (schema.Reference is not null && !ReferenceEquals(schema, Schemas[schema.Reference.Id]))
                schema = Schemas[schema.Reference.Id];
            foreach (var p in schema.Properties.Keys) properties.Add(p);
            foreach (var r in schema.Required) required.Add(r);
            if (schema.Discriminator is not null) { properties.Add(schema.Discriminator.PropertyName); required.Add(schema.Discriminator.PropertyName); }
            foreach (var part in schema.AllOf) Walk(part);
        }
        Walk(Schemas[name]);
        return (properties, required);
    }

    private static (HashSet<string> Properties, HashSet<string> Required) Flatten(JsonNode root, JsonNode schema)
    {
        var properties = new HashSet<string>();
        var required = new HashSet<string>();
        void Walk(JsonNode node)
        {
            if (node["$ref"] is JsonValue r)
                Walk(root["$defs"]![r.GetValue<string>().Split('/').Last()]!);
            if (node["properties"] is JsonObject ps)
                foreach (var p in ps) properties.Add(p.Key);
            if (node["required"] is JsonArray rs)
                foreach (var x in rs) required.Add(x!.GetValue<string>());
            if (node["allOf"] is JsonArray all)
                foreach (var part in all) Walk(part!);
        }
        Walk(schema);
        return (properties, required);
    }
}
