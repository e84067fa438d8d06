using Responses.Inference;

namespace Responses.Tests.Unit.Inference;

/// <summary>
/// Stop sequences on the embedded model, greedy: with a word of the unconstrained answer as the stop, the answer is
/// the text before it, it ends with Stop, and no delta ever held a part of the stop; alone and in a batch.
/// </summary>
public sealed class StopSequenceTests
{
    private static readonly SamplingSettings Greedy = new(48, 0, 1);

    [Fact]
    public async Task The_answer_ends_before_the_stop_sequence_with_finish_reason_stop()
    {
        using var model = EmbeddedModel.Load(promptCacheEntries: 0);
        var prompt = model.Render(TestModels.UserSays("Tell me a long story."));
        var (full, _, _) = await TestModels.CollectAsync(model, prompt, Greedy);
        var stop = full.Substring(full.Length / 2, 4);
        var expected = full[..full.IndexOf(stop, StringComparison.Ordinal)];

        var deltas = new List<string>();
        GenerationFinished? finished = null;
        await foreach (var item in model.GenerateAsync(prompt, Greedy with { Stop = ["never appears \u0001", stop] }, CancellationToken.None))
        {
            if (item is TextDelta delta)
                deltas.Add(delta.Text);
            else if (item is GenerationFinished end)
                finished = end;
        }

        Assert.Equal(expected, string.Concat(deltas));
        Assert.Equal(FinishReason.Stop, finished!.Reason);
        Assert.True(finished.Usage.OutputTokens < 48);
    }

    [Fact]
    public async Task A_stop_sequence_that_never_comes_changes_nothing()
    {
        using var model = EmbeddedModel.Load(promptCacheEntries: 0);
        var prompt = model.Render(TestModels.UserSays("Tell me a long story."));

        var (plain, plainEnd, _) = await TestModels.CollectAsync(model, prompt, Greedy);
        var (stopped, stoppedEnd, _) = await TestModels.CollectAsync(model, prompt, Greedy with { Stop = ["\u0001\u0002"] });

        Assert.Equal(plain, stopped);
        Assert.Equal(plainEnd.Reason, stoppedEnd.Reason);
    }

    [Fact]
    public async Task In_a_batch_a_stop_sequence_ends_its_own_row_only()
    {
        using var model = EmbeddedModel.Load(maxBatchSize: 2, batchWindowMilliseconds: 5_000, promptCacheEntries: 0, parallelRuns: 1);
        var story = model.Render(TestModels.UserSays("Tell me a long story."));
        var hi = model.Render(TestModels.UserSays("Hi"));
        string full, other;
        using (var alone = EmbeddedModel.Load(promptCacheEntries: 0))
        {
            full = (await TestModels.CollectAsync(alone, story, Greedy)).Text;
            other = (await TestModels.CollectAsync(alone, hi, Greedy)).Text;
        }

        var stop = full.Substring(full.Length / 3, 3);
        var holder = model.GenerateAsync(model.Render(TestModels.UserSays("Hold on.")), new SamplingSettings(4096, 0, 1), CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await holder.MoveNextAsync());
        var results = await Task.WhenAll(
            TestModels.CollectAsync(model, story, Greedy with { Stop = [stop] }),
            TestModels.CollectAsync(model, hi, Greedy));
        await holder.DisposeAsync();

        Assert.Equal(2, model.RowsBatched);
        Assert.Equal(full[..full.IndexOf(stop, StringComparison.Ordinal)], results[0].Text);
        Assert.Equal(FinishReason.Stop, results[0].Finished.Reason);
        Assert.Equal(other, results[1].Text);
    }
}
