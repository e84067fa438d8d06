using Responses.Inference;

namespace Responses.Tests.Unit.Inference;

/// <summary>
/// A model whose run leaves cores free (the embedded model runs on one thread) steps several lanes at once: a
/// sequence that arrives while a run is free takes it at once instead of waiting for a batch, and every answer is
/// the answer it gives alone.
/// </summary>
public sealed class ParallelRunsTests
{
    private static readonly SamplingSettings Greedy = new(48, 0, 1);

    private static readonly string[] Questions =
    [
        "Hi",
        "Tell me about the sea.",
        "Tell me a long story about the sea, the ships and the people who sail them.",
        "What are the rivers of the world, the mountains they come from, and the seas they reach?",
    ];

    [Fact]
    public async Task Two_sequences_on_an_idle_model_with_two_runs_each_take_one_and_run_at_once()
    {
        using var alone = EmbeddedModel.Load(promptCacheEntries: 0);
        using var parallel = EmbeddedModel.Load(maxBatchSize: 8, batchWindowMilliseconds: 500, promptCacheEntries: 0, parallelRuns: 2);
        var expected = new List<string>();
        foreach (var question in Questions[..2])
            expected.Add((await TestModels.CollectAsync(alone, alone.Render(TestModels.UserSays(question)), Greedy)).Text);

        var answers = await Task.WhenAll(Questions[..2].Select(q => TestModels.CollectAsync(parallel, parallel.Render(TestModels.UserSays(q)), Greedy)));

        Assert.Equal(expected, answers.Select(a => a.Text));
        // Neither waited the batch window for the other: each took a free run.
        Assert.Equal(0, parallel.RowsBatched);
        Assert.True(parallel.ParallelPasses > 0, "no pass ran the two lanes at once");
    }

    [Fact]
    public async Task Four_that_arrive_while_one_run_is_busy_take_the_free_run_first_and_batch_the_rest()
    {
        using var alone = EmbeddedModel.Load(promptCacheEntries: 0);
        using var parallel = EmbeddedModel.Load(maxBatchSize: 4, batchWindowMilliseconds: 5_000, promptCacheEntries: 0, parallelRuns: 2);
        var expected = new List<string>();
        foreach (var question in Questions)
            expected.Add((await TestModels.CollectAsync(alone, alone.Render(TestModels.UserSays(question)), Greedy)).Text);

        // A holder keeps one run busy: the first of the four takes the free run at once, the others wait for each
        // other (the window is long) and share a batch; the lanes' runs go at once.
        var holder = parallel.GenerateAsync(parallel.Render(TestModels.UserSays("Hold on.")), new SamplingSettings(200, 0, 1), CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await holder.MoveNextAsync());
        var answers = await Task.WhenAll(Questions.Select(q => TestModels.CollectAsync(parallel, parallel.Render(TestModels.UserSays(q)), Greedy)));
        while (await holder.MoveNextAsync())
        {
        }
        await holder.DisposeAsync();

        Assert.Equal(expected, answers.Select(a => a.Text));
        Assert.True(parallel.RowsBatched >= 3, $"{parallel.RowsBatched} rows batched");
        Assert.True(parallel.ParallelPasses > 0, "no pass ran two lanes at once");
    }
}
