using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Responses.Generated;
using Responses.Inference;
using Responses.Inference.Parsing;
using Responses.Server.Api;
using Responses.Server.Ids;
using Responses.Server.Runs;
using Responses.Server.Runs.Responses;
using Responses.Tests.Support;
using Snapshooter.Xunit;

namespace Responses.Tests.Snapshots;

/// <summary>
/// The exact SSE bytes for output the embedded model cannot write (its random weights never emit &lt;think&gt; or
/// &lt;tool_call&gt; markup on their own): recorded outputs of real models, token by token, through the real parser,
/// event builder and SSE writer of a real server's run. Only the tokens' source is a recording.
/// </summary>
public sealed class RecordedOutputSnapshotTests
{
    static RecordedOutputSnapshotTests()
    {
        if (Environment.GetEnvironmentVariable("SNAPSHOOTER_STRICT_MODE") is null)
        {
            Environment.SetEnvironmentVariable("SNAPSHOOTER_STRICT_MODE", "on");
        }
    }

    /// <summary>Qwen3 with thinking on: the template opened &lt;think&gt;, the model thinks, closes it and answers.</summary>
    private static readonly string[] Qwen3Thinking =
    [
        "Okay", ",", " the", " user", " says", " hello", ".", " I", " should", " greet", " back", ".\n", "</think>", "\n\n",
        "Hello", "!", " How", " can", " I", " help", " you", " today", "?",
    ];

    /// <summary>Qwen2.5 calling one tool twice in one turn, after a short preamble.</summary>
    private static readonly string[] Qwen25ParallelCalls =
    [
        "Let", " me", " check", " both", ".\n", "<tool_call>", "\n", "{\"", "name", "\":", " \"", "get", "_weather", "\",", " \"", "arguments",
        "\":", " {\"", "city", "\":", " \"", "Paris", "\"}}", "\n", "</tool_call>", "\n", "<tool_call>", "\n", "{\"", "name", "\":", " \"",
        "get", "_weather", "\",", " \"", "arguments", "\":", " {\"", "city", "\":", " \"", "Tokyo", "\"}}", "\n", "</tool_call>",
    ];

    private const string WeatherTool =
        """{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}""";

    [Fact]
    public async Task Reasoning_then_message_stream()
    {
        var name = Snapshot.FullName();
        var body = await StreamAsync(
            """{"model":"responses-tiny-llama","input":"Hello!","stream":true,"reasoning":{"effort":"medium"}}""",
            "<|im_start|>assistant\n<think>\n",
            Qwen3Thinking);

        Snapshot.Match(body.Split('\n'), name);
    }

    [Fact]
    public async Task Parallel_calls_after_text_stream()
    {
        var name = Snapshot.FullName();
        var body = await StreamAsync(
            $$"""{"model":"responses-tiny-llama","input":"Weather in Paris and Tokyo?","stream":true,"tools":[{{WeatherTool}}]}""",
            "<|im_start|>assistant\n",
            Qwen25ParallelCalls);

        Snapshot.Match(body.Split('\n'), name);
    }

    private static async Task<string> StreamAsync(string request, string promptEnd, string[] tokens)
    {
        using var factory = new ResponsesServerFactory();
        using var scope = factory.Services.CreateScope();
        var services = scope.ServiceProvider;
        var plan = await services.GetRequiredService<ResponsesAdapter>().PlanAsync(
            JsonSerializer.Deserialize<CreateResponse>(request, TestJson.Read)!, held: null, telemetry: null, CancellationToken.None);
        var run = ((ResponseProjection)plan.Projection).Run;
        var prompt = run.Generation.Prompt with { Text = run.Generation.Prompt.Text + promptEnd };
        var parser = OutputParsers.Create(ToolCallSyntax.Hermes, modelThinks: true, prompt);
        var builder = new ResponseEventBuilder(run, services.GetRequiredService<IIdGenerator>(), factory.Clock);

        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;
        await services.GetRequiredService<SseEventWriter>().WriteAsync(
            context.Response,
            Events(builder, parser, tokens, prompt.TokenCount),
            ResponsesJson.EventType,
            (writer, e) => JsonSerializer.Serialize(writer, e, services.GetRequiredService<JsonSerializerOptions>()),
            CancellationToken.None);
        return Encoding.UTF8.GetString(body.ToArray());
    }

#pragma warning disable CS1998 // a replay needs no awaits
    private static async IAsyncEnumerable<ResponseStreamEvent> Events(ResponseEventBuilder builder, IOutputParser parser, string[] tokens, int promptTokens)
    {
        yield return builder.Created();
        yield return builder.InProgress();
        var parsed = new List<OutputEvent>();
        var streamEvents = new List<ResponseStreamEvent>();
        var reasoning = 0;
        foreach (var token in tokens)
        {
            var was = parser.InReasoning;
            parser.Push(token, parsed);
            reasoning += was || parser.InReasoning ? 1 : 0;
        }

        parser.Flush(parsed);
        parsed.Add(new GenerationFinished(FinishReason.Stop, new TokenUsage(promptTokens, tokens.Length + 1, reasoning)));
        foreach (var output in parsed)
        {
            builder.Apply(output, streamEvents);
        }

        foreach (var streamEvent in streamEvents)
        {
            yield return streamEvent;
        }
    }
#pragma warning restore CS1998
}
