using System.Text.Json.Nodes;
using Json.Schema;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Runs;
using Responses.Server.Runs.Responses;
using Responses.Server.Runs.Tools;
using Responses.Tests.Support;

namespace Responses.Tests.Unit.Server;

/// <summary>Every event the builder emits, for every item kind, is valid against OpenAI's own JSON Schemas.</summary>
public sealed class ResponseEventSchemaTests
{
    /// <summary>OpenAI's JSON Schemas; only read by tests marked [OpenAISchemaFact], which are skipped without them.</summary>
    private static readonly Lazy<JsonSchema> OpenAIRoot = new(() =>
    {
        var schema = JsonSchema.FromFile(RepositoryPaths.OpenAISchemasPath);
        SchemaRegistry.Global.Register(schema);
        return schema;
    });

    private static void AssertValid(string definition, JsonNode instance)
    {
        var schema = new JsonSchemaBuilder().Ref($"{OpenAIRoot.Value.BaseUri}#/$defs/{definition}").Build();
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = Json.Schema.OutputFormat.List });
        Assert.True(result.IsValid, $"{definition} invalid:\n" + string.Join(
            "\n",
            result.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {d.EvaluationPath}: {e.Value}")).Take(20))
            + $"\ninstance: {instance.ToJsonString()}");
    }

    private static void AssertValid(ResponseStreamEvent streamEvent) =>
        AssertValid("ResponseStreamEvent", JsonNode.Parse(TestJson.Event(streamEvent))!);

    private static List<ResponseStreamEvent> Run(params OutputEvent[] outputs)
    {
        var tools = new ToolTable([new OfferedTool("crm__lookup", "lookup", "crm", ToolKind.Function), new OfferedTool("apply_patch", "apply_patch", null, ToolKind.Custom)]);
        return EventSequences.Run(new ResponseEventBuilder(Runs.For().WithTools(tools), new SequentialIds(), new FixedClock()), outputs);
    }

    [OpenAISchemaTheory]
    [InlineData(FinishReason.Stop)]
    [InlineData(FinishReason.Length)]
    public void Every_event_of_messages_function_calls_and_custom_tool_calls_validates(FinishReason reason)
    {
        var events = Run(
            new TextDelta("Sure."),
            new ToolCallStarted(0, "crm__lookup"),
            new ToolCallArgumentsDelta(0, "{\"id\":7}"),
            new ToolCallCompleted(0, "crm__lookup", "{\"id\":7}"),
            new ToolCallStarted(1, "apply_patch"),
            new ToolCallArgumentsDelta(1, "{\"input\":\"x\"}"),
            new ToolCallCompleted(1, "apply_patch", "{\"input\":\"x\"}"),
            new ToolCallStarted(2, "f"),
            new ToolCallArgumentsDelta(2, "{"),
            new GenerationFinished(reason, new TokenUsage(3, 20)));

        events.ForEach(AssertValid);
    }

    [OpenAISchemaTheory]
    [InlineData(FinishReason.Stop)]
    [InlineData(FinishReason.Length)]
    public void Every_event_of_shell_and_apply_patch_calls_validates(FinishReason reason)
    {
        var tools = new ToolTable([ClientExecutedTools.ShellTool.Offered, ClientExecutedTools.ApplyPatchTool.Offered]);
        var builder = new ResponseEventBuilder(Runs.For().WithTools(tools), new SequentialIds(), new FixedClock());
        var events = EventSequences.Run(
            builder,
            new ToolCallStarted(0, "shell"),
            new ToolCallArgumentsDelta(0, "{\"commands\":[\"ls -la\",\"\"]}"),
            new ToolCallCompleted(0, "shell", "{\"commands\":[\"ls -la\",\"\"]}"),
            new ToolCallStarted(1, "apply_patch"),
            new ToolCallCompleted(1, "apply_patch", "{\"type\":\"delete_file\",\"path\":\"a.txt\",\"diff\":\"\"}"),
            new ToolCallStarted(2, "apply_patch"),
            new ToolCallArgumentsDelta(2, "{\"type\":\"update_file\",\"pa"),
            new GenerationFinished(reason, new TokenUsage(3, 20)));

        events.ForEach(AssertValid);
        var commands = events.OfType<ResponseShellCallCommandDoneEvent>().Select(e => e.Command);
        Assert.Equal(["ls -la", ""], commands);
        var output = ((ResponseCompletedEvent?)events.Find(e => e is ResponseCompletedEvent))?.Response.Output
            ?? ((ResponseIncompleteEvent)events.Find(e => e is ResponseIncompleteEvent)!).Response.Output;
        Assert.Equal(["ls -la", ""], Assert.IsType<FunctionShellCall>(output[0]).Action.Commands);
        var deleted = Assert.IsType<ApplyPatchToolCall>(output[1]);
        Assert.Equal((ApplyPatchOperationType.DeleteFile, "a.txt", null), (deleted.Operation.Type, deleted.Operation.Path, deleted.Operation.Diff));
        AssertValid(builder.Failed("server_error", "broke"));
    }

    [OpenAISchemaFact]
    public void Reasoning_text_streaming_events_validate()
    {
        var events = Run(new ReasoningDelta("Think."), new GenerationFinished(FinishReason.Stop, new TokenUsage(3, 2, ReasoningTokens: 2)));

        Assert.Contains(events, e => e is ResponseContentPartAddedEvent);
        foreach (var streamEvent in events.Where(e => e is ResponseContentPartAddedEvent or ResponseContentPartDoneEvent
            or ResponseReasoningTextDeltaEvent or ResponseReasoningTextDoneEvent or ResponseOutputItemAddedEvent))
        {
            AssertValid(streamEvent);
        }
    }

    [OpenAISchemaFact]
    public void A_reasoning_item_with_a_summary_and_encrypted_content_validates_with_every_event()
    {
        var request = new CreateResponse
        {
            Model = "m",
            Input = "hi",
            Reasoning = new Reasoning { Effort = ReasoningEffort.High, Summary = ReasoningSummary.Auto },
            Include = [IncludeEnum.ReasoningEncryptedContent],
        };
        var run = Runs.For(request) with { SealReasoning = text => "sealed:" + text.Length };
        var builder = new ResponseEventBuilder(run, new SequentialIds(), new FixedClock());
        var events = EventSequences.Run(builder,
            [new ReasoningDelta("Think"), new ReasoningDelta("ing."), new TextDelta("Hi"), new GenerationFinished(FinishReason.Stop, new TokenUsage(3, 4, ReasoningTokens: 2))]);

        Assert.Contains(events, e => e is ResponseReasoningSummaryTextDeltaEvent);
        Assert.Contains(events, e => e is ResponseReasoningSummaryPartDoneEvent);
        events.ForEach(AssertValid);
    }

    [OpenAISchemaFact]
    public void A_reasoning_item_with_its_text_validates()
    {
        var events = Run(new ReasoningDelta("Think."), new GenerationFinished(FinishReason.Stop, new TokenUsage(3, 2, ReasoningTokens: 2)));

        events.ForEach(AssertValid);
    }

    [OpenAISchemaFact]
    public void A_failure_mid_call_validates()
    {
        var builder = new ResponseEventBuilder(Runs.For(), new SequentialIds(), new FixedClock());
        EventSequences.Run(builder, new TextDelta("a"), new ToolCallStarted(0, "f"), new ToolCallArgumentsDelta(0, "{"));

        AssertValid(builder.Failed("server_error", "broke"));
    }
}
