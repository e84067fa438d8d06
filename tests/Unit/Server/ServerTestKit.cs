using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Responses.Generated;
using Responses.Inference;
using Responses.Inference.Scheduling;
using Responses.Server.Api;
using Responses.Server.Ids;
using Responses.Server.Runs;
using Responses.Server.Runs.Responses;
using Responses.Server.Runs.Tools;
using Responses.Server.Storage;
using Responses.Server.Storage.Memory;

namespace Responses.Tests.Unit.Server;

/// <summary>Ids "prefix_1", "prefix_2"…: deterministic, so event assertions can name them.</summary>
internal sealed class SequentialIds : IIdGenerator
{
    private int next;

    public string NewId(string prefix) => $"{prefix}_{++next}";
}

/// <summary>A clock stopped at one instant.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Start = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public FixedClock()
        : this(Start)
    {
    }

    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// The model slot of a <see cref="ResponseRun"/> for code that never generates (the event builder is fed typed
/// output by hand): any call is a test failure.
/// </summary>
internal sealed class NeverCalledModel : ILanguageModel
{
    public ModelInfo Info { get; } = new("m", 128, "/nowhere", TimeSpan.Zero);

    public GenerationActivity Activity { get; } = new();


    public ModelCapabilities Capabilities { get; } = new(false, false, false, 1, []);

    public RenderedPrompt Render(ChatPrompt prompt) => throw new InvalidOperationException("The event builder must not render.");

    public long EstimateMemoryBytes(RenderedPrompt prompt, SamplingSettings sampling) => 0;

    public IAsyncEnumerable<OutputEvent> GenerateAsync(RenderedPrompt prompt, SamplingSettings sampling, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The event builder must not generate.");
}

internal static class Runs
{
    public const string ResponseId = "resp_test";
    public static readonly long CreatedAt = FixedClock.Start.ToUnixTimeSeconds();

    public static CreateResponse Request(string input = "hi") => new() { Model = "m", Input = input };

    public static ResponseRun WithModel(this ResponseRun run, ILanguageModel model) =>
        run with { Generation = run.Generation with { Model = model } };

    public static ResponseRun WithTools(this ResponseRun run, ToolTable tools) =>
        run with { Generation = run.Generation with { Tools = tools } };

    public static ResponseRun For(CreateResponse? request = null, SamplingSettings? sampling = null)
    {
        request ??= Request();
        return new ResponseRun(
            request,
            new Run(
                new NeverCalledModel(),
                new RenderedPrompt("<prompt>", [1, 2, 3]),
                sampling ?? new SamplingSettings(request.MaxOutputTokens, request.Temperature ?? 1.0, request.TopP ?? 1.0),
                ResponseId,
                CreatedAt));
    }
}

internal static class Executors
{
    /// <summary>The real executor, in front of a real scheduler with default options.</summary>
    public static RunExecutor Create() =>
        new(new GenerationScheduler(Options.Create(new SchedulerOptions()), NullLogger<GenerationScheduler>.Instance), NullLogger<RunExecutor>.Instance);

    /// <summary>The real Responses projection of <paramref name="run"/>, saving into <paramref name="store"/> (a fresh memory store when none is given).</summary>
    public static RunPlan<ResponseStreamEvent> Plan(ResponseRun run, IResponseStore? store = null) =>
        new(run.Generation, new ResponseProjection(
            run,
            new ResponseEventBuilder(run, new SequentialIds(), new FixedClock()),
            new ResponseArchive(
                store ?? new MemoryResponseStore(Options.Create(new MemoryResponseStoreOptions())),
                new MemoryConversationStore(),
                new SequentialIds(),
                ApiJson.CreateOptions(),
                NullLogger<ResponseArchive>.Instance),
            NullLogger.Instance));
}

/// <summary>A sink that keeps every event it is given, in order.</summary>
internal sealed class ListSink<T> : IRunSink<T>
    where T : class
{
    public List<T> Events { get; } = [];

    public async Task WriteAsync(IAsyncEnumerable<T> events, CancellationToken cancellationToken)
    {
        await foreach (var item in events.WithCancellation(cancellationToken))
        {
            Events.Add(item);
        }
    }

    public Task WriteLastAsync(T terminal, CancellationToken cancellationToken)
    {
        Events.Add(terminal);
        return Task.CompletedTask;
    }
}

/// <summary>
/// A stand-in engine that gives the same output events every time, then throws <paramref name="thenThrows"/> if
/// given (a native failure mid-stream). A narrow unit test's engine, never a default.
/// </summary>
internal sealed class ReplayedModel(OutputEvent[] outputs, Exception? thenThrows = null) : ILanguageModel
{
    public ModelInfo Info { get; } = new("m", 128, "/nowhere", TimeSpan.Zero);

    public GenerationActivity Activity { get; } = new();

    public ModelCapabilities Capabilities { get; } = new(false, false, false, 1, []);

    public RenderedPrompt Render(ChatPrompt prompt) => throw new InvalidOperationException();

    public long EstimateMemoryBytes(RenderedPrompt prompt, SamplingSettings sampling) => 0;

    public async IAsyncEnumerable<OutputEvent> GenerateAsync(
        RenderedPrompt prompt, SamplingSettings sampling, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var output in outputs)
        {
            await Task.Yield();
            yield return output;
        }

        if (thenThrows is not null)
        {
            throw thenThrows;
        }
    }

    /// <summary>The text pieces, then the end of the generation.</summary>
    public static ReplayedModel Text(params string[] pieces) =>
        new([.. pieces.Select(piece => new TextDelta(piece)), new GenerationFinished(FinishReason.Stop, new TokenUsage(3, pieces.Length))]);
}
