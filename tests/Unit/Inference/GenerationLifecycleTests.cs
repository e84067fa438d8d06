using System.Diagnostics;
using Responses.Inference;

namespace Responses.Tests.Unit.Inference;

/// <summary>
/// The engine's lifecycle on the embedded model (every machine has it): a generation stops when its reader cancels
/// or leaves, pauses when its reader stops reading, ends when the reader stays away, and survives concurrency and
/// disposal. Each test asserts on the token loop itself (<see cref="GenerationActivity"/>), not only on what the
/// caller saw: a loop that ignored cancellation would pass a test that only watched the caller.
/// </summary>
public sealed class GenerationLifecycleTests
{
    /// <summary>
    /// The embedded model repeats under greedy decoding, so this would run to the limit: seconds (its steps slow down
    /// as the cache grows), far longer than any of these tests lets it run.
    /// </summary>
    private static readonly SamplingSettings Long = new(20_000, Temperature: 0, TopP: 1);

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Cancelling_stops_the_token_loop_within_a_step()
    {
        using var model = EmbeddedModel.Load();
        var prompt = model.Render(TestModels.UserSays("Go on forever."));
        using var cts = new CancellationTokenSource();
        long atCancel = 0;
        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in model.GenerateAsync(prompt, Long, cts.Token))
            {
                if (++received == 3)
                {
                    await cts.CancelAsync();
                    // Read after the cancel is visible to every thread: only the step in flight may still finish.
                    atCancel = model.Activity.TokensGenerated;
                }
            }
        });

        // The enumeration ends only after the worker has; at most the step in flight finishes after the cancel.
        Assert.Equal(0, model.Activity.Active);
        var after = model.Activity.TokensGenerated - atCancel;
        Assert.True(after <= 2, $"{after} tokens were generated after the cancel");
    }

    [Fact]
    public async Task A_reader_that_stops_enumerating_stops_the_token_loop()
    {
        using var model = EmbeddedModel.Load();
        var prompt = model.Render(TestModels.UserSays("Go on forever."));
        await foreach (var _ in model.GenerateAsync(prompt, Long, CancellationToken.None))
        {
            break;
        }

        // The worker may have run ahead of the reader by the buffer and a scheduling slice, never to the limit.
        Assert.Equal(0, model.Activity.Active);
        var generated = model.Activity.TokensGenerated;
        Assert.True(generated < 1000, $"{generated} tokens were generated for a reader that took one event");
        // And the model stays usable.
        var (_, finished, _) = await TestModels.CollectAsync(model, prompt, Long with { MaxOutputTokens = 8 });
        Assert.Equal(8, finished.Usage.OutputTokens);
    }

    [Fact]
    public async Task A_reader_that_stops_reading_pauses_the_generation()
    {
        using var model = EmbeddedModel.Load();
        var prompt = model.Render(TestModels.UserSays("Go on forever."));
        await using var events = model.GenerateAsync(prompt, Long, CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());

        // Not reading: the worker fills the small buffer and waits.
        await Task.Delay(300);
        var paused = model.Activity.TokensGenerated;
        await Task.Delay(500);
        Assert.Equal(paused, model.Activity.TokensGenerated);
        Assert.True(paused < 200, $"{paused} tokens generated for a reader that took one event");
        Assert.Equal(1, model.Activity.Active);

        // Reading again resumes it.
        for (var i = 0; i < 500; i++)
        {
            Assert.True(await events.MoveNextAsync());
        }

        Assert.True(model.Activity.TokensGenerated >= paused + 400, $"{model.Activity.TokensGenerated - paused} tokens after resuming");
    }

    [Fact]
    public async Task A_reader_that_stays_away_past_the_stall_timeout_ends_the_generation()
    {
        using var model = EmbeddedModel.Load(stallSeconds: 0.3);
        var prompt = model.Render(TestModels.UserSays("Go on forever."));
        await using var events = model.GenerateAsync(prompt, Long, CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());

        var clock = Stopwatch.StartNew();
        while (model.Activity.Active > 0 && clock.Elapsed < Bound)
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, model.Activity.Active);
        // The reader, back, gets what was buffered and then the reason.
        var error = await Assert.ThrowsAsync<ReaderStalledException>(async () =>
        {
            while (await events.MoveNextAsync())
            {
            }
        });
        Assert.Equal(TimeSpan.FromSeconds(0.3), error.Timeout);
    }

    [Fact]
    public async Task Concurrent_generations_on_one_model_agree()
    {
        using var model = EmbeddedModel.Load();
        var prompt = model.Render(TestModels.UserSays("Hello"));
        var sampling = Long with { MaxOutputTokens = 64 };
        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => TestModels.CollectAsync(model, prompt, sampling))));

        Assert.All(runs, run => Assert.Equal(runs[0], run));
        Assert.Equal(64, runs[0].Finished.Usage.OutputTokens);
        Assert.Equal(6 * 64, model.Activity.TokensGenerated);
    }

    [Fact]
    public async Task Disposing_the_model_stops_running_generations_and_refuses_new_ones()
    {
        var model = EmbeddedModel.Load();
        var prompt = model.Render(TestModels.UserSays("Go on forever."));
        var generation = Task.Run(() => TestModels.CollectAsync(model, prompt, Long));
        var clock = Stopwatch.StartNew();
        while (model.Activity.TokensGenerated == 0 && clock.Elapsed < Bound)
        {
            await Task.Delay(5);
        }

        model.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generation);
        Assert.Equal(0, model.Activity.Active);
        Assert.True(model.Activity.TokensGenerated < Long.MaxOutputTokens, "the generation ran to its end");
        Assert.Throws<ObjectDisposedException>(() => model.Render(TestModels.UserSays("Hi")));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => TestModels.CollectAsync(model, prompt, Long));
    }
}
