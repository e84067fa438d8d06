using System.Runtime.CompilerServices;
using Responses.Inference;
using Responses.Inference.Engine;
using Responses.Server.Runs;

namespace Responses.Tests.Unit.Inference;

/// <summary>
/// The engine's lifecycle on the embedded model (every machine has it), for a generation that runs alone and for one
/// that runs inside a batch (the default configuration batches requests that arrive while others run): it stops
/// when its reader cancels or leaves, pauses alone when its reader stops reading, ends when the reader stays away,
/// and ends when the model is disposed. Each test asserts on the engine itself (<see cref="GenerationActivity"/>),
/// not only on what the caller saw, and waits on the engine's own counters rather than on sleeps: "the loop stopped
/// stepping" is shown by a probe generation afterwards producing exactly its own tokens and no others.
/// </summary>
public sealed class GenerationLifecycleTests
{
    /// <summary>
    /// The embedded model repeats under greedy decoding, so this would run to the limit: seconds, far longer than any
    /// of these tests lets it run.
    /// </summary>
    private static readonly SamplingSettings Long = new(20_000, Temperature: 0, TopP: 1);

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public static TheoryData<bool> AloneAndBatched() => [false, true];

    [Theory]
    [MemberData(nameof(AloneAndBatched))]
    public async Task Cancelling_stops_the_generation_within_a_step(bool batched)
    {
        using var model = Model(batched);
        await using var lane = await Lane.StartAsync(model, batched);
        using var cts = new CancellationTokenSource();
        long atCancel = 0;
        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in lane.Subject(cts.Token))
            {
                if (++received == 3)
                {
                    await cts.CancelAsync();
                    atCancel = model.Activity.TokensGenerated;
                }
            }
        });

        // The enumeration ends only once the loop let go of it: at most the step in flight finished after the cancel.
        await lane.CompanionDone;
        Assert.Equal(lane.Holders, model.Activity.Active);
        Assert.True(model.Activity.TokensGenerated - atCancel <= 2 + lane.CompanionTokens, $"{model.Activity.TokensGenerated - atCancel} tokens after the cancel");
        await AssertNothingElseStepsAsync(model);
    }

    [Theory]
    [MemberData(nameof(AloneAndBatched))]
    public async Task A_reader_that_stops_enumerating_stops_the_generation(bool batched)
    {
        using var model = Model(batched);
        await using var lane = await Lane.StartAsync(model, batched);
        await foreach (var _ in lane.Subject(CancellationToken.None))
            break;

        await lane.CompanionDone;
        Assert.Equal(lane.Holders, model.Activity.Active);
        Assert.True(model.Activity.TokensGenerated < 1000, $"{model.Activity.TokensGenerated} tokens were generated for a reader that took one event");
        await AssertNothingElseStepsAsync(model);
    }

    [Theory]
    [MemberData(nameof(AloneAndBatched))]
    public async Task A_reader_that_stops_reading_pauses_only_its_generation_and_reading_again_resumes_it(bool batched)
    {
        using var model = Model(batched);
        await using var lane = await Lane.StartAsync(model, batched);
        await using var events = lane.Subject(CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());

        // Not reading: the engine fills the small buffer and pauses this generation; a batch companion finishes meanwhile.
        await WaitUntilAsync(() => model.Activity.Paused == lane.Holders + 1, "the generation to pause");
        await lane.CompanionDone;
        Assert.Equal(lane.Holders + 1, model.Activity.Active);
        var paused = model.Activity.TokensGenerated;
        Assert.True(paused < 200 + lane.CompanionTokens, $"{paused} tokens generated for a reader that took one event");
        await AssertNothingElseStepsAsync(model);

        // Reading again resumes it.
        for (var i = 0; i < 500; i++)
            Assert.True(await events.MoveNextAsync());
        Assert.True(model.Activity.TokensGenerated >= paused + 400, $"{model.Activity.TokensGenerated - paused} tokens after resuming");
    }

    [Theory]
    [MemberData(nameof(AloneAndBatched))]
    public async Task A_reader_that_stays_away_past_the_stall_timeout_ends_only_its_generation(bool batched)
    {
        using var model = Model(batched, stallSeconds: 0.5);
        // The holder reads on in the background so that only the subject stalls.
        await using var lane = await Lane.StartAsync(model, batched, holderReads: true);
        await using var events = lane.Subject(CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());

        await WaitUntilAsync(() => model.Activity.Active == lane.Holders, "the stalled generation to end");
        await lane.CompanionDone;
        // The reader, back, gets what was buffered and then the reason.
        var error = await Assert.ThrowsAsync<ReaderStalledException>(async () =>
        {
            while (await events.MoveNextAsync())
            {
            }
        });
        Assert.Equal(TimeSpan.FromSeconds(0.5), error.Timeout);
        Assert.Equal(lane.Holders, model.Activity.Active);
    }

    [Fact]
    public async Task Concurrent_generations_on_one_model_agree_batched_or_not()
    {
        using var model = EmbeddedModel.Load(maxBatchSize: 8);
        var prompt = model.Render(TestModels.UserSays("Hello"));
        var sampling = Long with { MaxOutputTokens = 64 };
        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => TestModels.CollectAsync(model, prompt, sampling))));

        Assert.All(runs, run => Assert.Equal(runs[0], run));
        Assert.Equal(64, runs[0].Finished.Usage.OutputTokens);
        Assert.Equal(6 * 64, model.Activity.TokensGenerated);
    }

    [Theory]
    [MemberData(nameof(AloneAndBatched))]
    public async Task Disposing_the_model_stops_running_generations_and_refuses_new_ones(bool batched)
    {
        var model = Model(batched);
        var lane = await Lane.StartAsync(model, batched, companionTokens: 20_000);
        var prompt = model.Render(TestModels.UserSays("Go on forever."));
        var started = new TaskCompletionSource();
        var generation = Task.Run(async () =>
        {
            await foreach (var _ in lane.Subject(CancellationToken.None))
                started.TrySetResult();
        });
        await started.Task.WaitAsync(Bound);

        model.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generation);
        if (batched)
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => lane.CompanionDone);
        Assert.Equal(0, model.Activity.Active);
        Assert.True(model.Activity.TokensGenerated < Long.MaxOutputTokens, "the generation ran to its end");
        Assert.Throws<ObjectDisposedException>(() => model.Render(TestModels.UserSays("Hi")));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => TestModels.CollectAsync(model, prompt, Long));
        await lane.DisposeAsync();
    }

    /// <summary>
    /// Batched: a batch of two forms as soon as both rows arrived (the window is only a bound), so the subject and its
    /// companion always share one, however slow the machine.
    /// </summary>
    private static ModelEngine Model(bool batched, double stallSeconds = 30) =>
        EmbeddedModel.Load(stallSeconds: stallSeconds, maxBatchSize: batched ? 2 : 1, batchWindowMilliseconds: 5_000);

    /// <summary>
    /// A short probe generation adds exactly its own tokens: no other lane stepped meanwhile. Seeded, so it never waits
    /// for batch company: it runs at once, alone.
    /// </summary>
    private static async Task AssertNothingElseStepsAsync(ModelEngine model)
    {
        var before = model.Activity.TokensGenerated;
        var (_, finished, _) = await TestModels.CollectAsync(model, model.Render(TestModels.UserSays("Probe.")), new SamplingSettings(5, Temperature: 1, TopP: 1, Seed: 1));
        Assert.InRange(finished.Usage.OutputTokens, 1, 5);
        Assert.Equal(before + finished.Usage.OutputTokens, model.Activity.TokensGenerated);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Bound, $"timed out waiting for {what}");
            await Task.Delay(10);
        }
    }

    /// <summary>
    /// Where the generation under test runs. Alone: it is the only one. Batched: a holder keeps the model busy (so
    /// newcomers batch), and the subject starts together with a companion that reads to its end, so both are rows of
    /// one batch (checked at the subject's first event).
    /// </summary>
    private sealed class Lane(ModelEngine model, bool batched, int companionTokens) : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private IAsyncEnumerator<OutputEvent>? holder;
        private Task holderReading = Task.CompletedTask;

        /// <summary>Generations besides the subject and the companion (the holder).</summary>
        public int Holders => batched ? 1 : 0;

        public Task CompanionDone { get; private set; } = Task.CompletedTask;

        public int CompanionTokens => batched ? companionTokens : 0;

        /// <param name="holderReads">The holder reads on in the background (else it pauses after its first event).</param>
        public static async Task<Lane> StartAsync(ModelEngine model, bool batched, bool holderReads = false, int companionTokens = 24)
        {
            var lane = new Lane(model, batched, companionTokens);
            if (batched)
            {
                lane.holder = model.GenerateAsync(model.Render(TestModels.UserSays("Hold on.")), Long, CancellationToken.None).GetAsyncEnumerator();
                Assert.True(await lane.holder.MoveNextAsync());
                if (holderReads)
                    lane.holderReading = lane.ReadHolderAsync(lane.stop.Token);
                else
                    await WaitUntilAsync(() => model.Activity.Paused == 1, "the holder to pause"); // from here it takes no steps
            }
            return lane;
        }

        /// <summary>The generation under test (enumerate it once).</summary>
        public async IAsyncEnumerable<OutputEvent> Subject([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var prompt = model.Render(TestModels.UserSays("Go on forever."));
            var rowsBefore = model.RowsBatched;
            if (batched)
            {
                // Arrives within the batch window of the subject, while the holder runs.
                var companion = model.Render(TestModels.UserSays("Tell me about the sea."));
                CompanionDone = Task.Run(async () =>
                {
                    var (_, finished, _) = await TestModels.CollectAsync(model, companion, Long with { MaxOutputTokens = companionTokens });
                    Assert.Equal(companionTokens, finished.Usage.OutputTokens);
                });
            }
            var first = true;
            await foreach (var item in model.GenerateAsync(prompt, Long, cancellationToken))
            {
                if (first && batched)
                    Assert.Equal(rowsBefore + 2, model.RowsBatched);
                first = false;
                yield return item;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            try
            {
                await holderReading;
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
            }
            if (holder is not null)
            {
                try
                {
                    await holder.DisposeAsync();
                }
                catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
                {
                }
            }
            stop.Dispose();
        }

        private async Task ReadHolderAsync(CancellationToken cancellationToken)
        {
            await Task.Yield();
            while (!cancellationToken.IsCancellationRequested && await holder!.MoveNextAsync())
            {
            }
        }
    }
}
