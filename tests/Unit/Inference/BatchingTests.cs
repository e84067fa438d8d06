using Responses.Inference;
using Responses.Inference.Engine;

namespace Responses.Tests.Unit.Inference;

/// <summary>
/// Static batching on the embedded model: requests that arrive while the model is busy share one padded generator,
/// and each answers exactly as it does alone; one leaving does not disturb the rest; what a batch cannot serve
/// (guidance, a prompt-cache hit) runs alone.
/// </summary>
public sealed class BatchingTests
{
    private static readonly SamplingSettings Greedy = new(24, 0, 1);

    // Different lengths, so the batch pads them.
    private static readonly string[] Questions =
    [
        "Hi",
        "Tell me about the sea.",
        "Tell me a long story about the sea, the ships and the people who sail them.",
        "What are the rivers of the world, the mountains they come from, and the seas they reach?",
    ];

    [Fact]
    public void The_embedded_model_passes_the_probe()
    {
        using var model = EmbeddedModel.Load(maxBatchSize: 8);

        Assert.True(model.Capabilities.Batching);
    }

    [Fact]
    public async Task Greedy_answers_in_a_batch_are_the_answers_alone()
    {
        using var alone = EmbeddedModel.Load(maxBatchSize: 1, promptCacheEntries: 0);
        using var batched = EmbeddedModel.Load(maxBatchSize: 8, batchWindowMilliseconds: 500, promptCacheEntries: 0);
        var expected = new List<string>();
        foreach (var question in Questions)
            expected.Add((await TestModels.CollectAsync(alone, alone.Render(TestModels.UserSays(question)), Greedy)).Text);

        await using (await Busy(batched))
        {
            var answers = await Task.WhenAll(Questions.Select(q => TestModels.CollectAsync(batched, batched.Render(TestModels.UserSays(q)), Greedy)));

            Assert.Equal(Questions.Length, batched.RowsBatched);
            Assert.Equal(expected, answers.Select(a => a.Text));
            Assert.All(answers, a => Assert.Equal(Greedy.MaxOutputTokens, a.Finished.Usage.OutputTokens));
        }
    }

    [Fact]
    public async Task A_reader_that_stops_reading_inside_a_batch_holds_up_neither_the_other_rows_nor_the_loop()
    {
        using var alone = EmbeddedModel.Load(maxBatchSize: 1, promptCacheEntries: 0);
        // A batch of four forms as soon as the four arrived; the window is only a bound.
        using var batched = EmbeddedModel.Load(maxBatchSize: 4, batchWindowMilliseconds: 5_000, stallSeconds: 3, promptCacheEntries: 0);
        var long48 = new SamplingSettings(48, 0, 1);
        var expected = new List<string>();
        foreach (var question in Questions[1..])
            expected.Add((await TestModels.CollectAsync(alone, alone.Render(TestModels.UserSays(question)), long48)).Text);

        await using (await Busy(batched))
        {
            await WaitUntilAsync(() => batched.Activity.Paused == 1, "the holder to pause");
            var stalled = batched.GenerateAsync(batched.Render(TestModels.UserSays(Questions[0])), new SamplingSettings(4096, 0, 1), CancellationToken.None).GetAsyncEnumerator();
            var first = stalled.MoveNextAsync().AsTask();
            var readers = Questions[1..].Select(q => TestModels.CollectAsync(batched, batched.Render(TestModels.UserSays(q)), long48)).ToArray();
            Assert.True(await first);

            // The three readers run to their end with the answers they give alone, while the fourth sits unread.
            var answers = await Task.WhenAll(readers);
            Assert.Equal(4, batched.RowsBatched);
            Assert.Equal(expected, answers.Select(a => a.Text));

            // Then the loop stops stepping the batch: the unread row is paused, not generating.
            await WaitUntilAsync(() => batched.Activity.Paused == 2, "the unread row to pause");
            var paused = batched.Activity.TokensGenerated;
            var (_, probe, _) = await TestModels.CollectAsync(batched, batched.Render(TestModels.UserSays("Probe.")), new SamplingSettings(5, 1, 1, Seed: 1));
            Assert.Equal(paused + probe.Usage.OutputTokens, batched.Activity.TokensGenerated);

            // And it ends at the stall timeout (as the paused holder does, a little earlier): its reader, back, gets what
            // was buffered, then the reason.
            await WaitUntilAsync(() => batched.Activity.Active == 0, "the unread row to end");
            await Assert.ThrowsAsync<ReaderStalledException>(async () =>
            {
                while (await stalled.MoveNextAsync())
                {
                }
            });
            await stalled.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_request_that_leaves_a_batch_does_not_change_the_others()
    {
        using var alone = EmbeddedModel.Load(maxBatchSize: 1, promptCacheEntries: 0);
        using var batched = EmbeddedModel.Load(maxBatchSize: 8, batchWindowMilliseconds: 500, promptCacheEntries: 0);
        var expected = (await TestModels.CollectAsync(alone, alone.Render(TestModels.UserSays(Questions[2])), Greedy)).Text;

        await using (await Busy(batched))
        {
            using var leaving = new CancellationTokenSource();
            var cancelled = ReadOneThenCancelAsync(batched, batched.Render(TestModels.UserSays(Questions[1])), leaving);
            var staying = TestModels.CollectAsync(batched, batched.Render(TestModels.UserSays(Questions[2])), Greedy);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
            Assert.Equal(expected, (await staying).Text);
            Assert.Equal(2, batched.RowsBatched);
        }
    }

    [Fact]
    public async Task Guided_requests_and_prompt_cache_hits_run_alone()
    {
        using var model = EmbeddedModel.Load(maxBatchSize: 8, batchWindowMilliseconds: 500);
        var opening = TestModels.UserSays(Questions[3]);
        var (answer, _, _) = await TestModels.CollectAsync(model, model.Render(opening), Greedy); // idle: alone, and kept
        var followUp = model.Render(new ChatPrompt([new ChatMessage("user", Questions[3]), new ChatMessage("assistant", answer), new ChatMessage("user", "And the lakes?")]));
        var guided = model.Render(new ChatPrompt([new ChatMessage("user", Questions[0])])
        {
            Tools = [new ChatTool("pick", "Pick a colour.", """{"type":"object","properties":{"colour":{"enum":["red","blue"]}},"required":["colour"]}""", Strict: true)],
            ToolChoice = ToolChoice.Required,
            MaxToolCalls = 1,
        });

        await using (await Busy(model))
        {
            var results = await Task.WhenAll(TestModels.CollectAsync(model, followUp, Greedy), TestModels.CollectAsync(model, guided, new SamplingSettings(256, 0, 1)));

            Assert.Equal(0, model.RowsBatched);
            Assert.True(results[0].Finished.Usage.CachedTokens > 0);
            Assert.Equal(FinishReason.ToolCalls, results[1].Finished.Reason);
        }
    }

    [Fact]
    public async Task A_batch_that_fails_ends_each_of_its_requests_with_the_engines_error_and_the_model_goes_on()
    {
        using var model = EmbeddedModel.Load(maxBatchSize: 8, batchWindowMilliseconds: 500, promptCacheEntries: 0);
        var good = model.Render(TestModels.UserSays(Questions[1]));
        // An id beyond the vocabulary: the embedding lookup of the batch's prefill fails in ONNX Runtime.
        var broken = good with { TokenIds = [.. good.TokenIds, 1_000_000] };

        await using (await Busy(model))
        {
            var results = new[] { TestModels.CollectAsync(model, good, Greedy), TestModels.CollectAsync(model, broken, Greedy) };

            foreach (var result in results)
            {
                // The engine's own exception, sorted as the request's fault (the server answers 400 or response.failed).
                var error = await Assert.ThrowsAsync<InferenceException>(() => result);
                Assert.True(error.Kind == InferenceFailureKind.InvalidInput, $"{error.Kind}: {error.Message}");
            }
            Assert.Equal(2, model.RowsBatched);
        }
        var (text, finished, _) = await TestModels.CollectAsync(model, good, Greedy);
        Assert.Equal(Greedy.MaxOutputTokens, finished.Usage.OutputTokens);
        Assert.NotEmpty(text);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"timed out waiting for {what}");
            await Task.Delay(10);
        }
    }

    /// <summary>A generation held open (read once, then paused), so the model is not idle and newcomers batch.</summary>
    private static async Task<IAsyncDisposable> Busy(ModelEngine model)
    {
        var holder = model.GenerateAsync(model.Render(TestModels.UserSays("Hold on.")), new SamplingSettings(4096, 0, 1), CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await holder.MoveNextAsync());
        return holder;
    }

    private static async Task ReadOneThenCancelAsync(ILanguageModel model, RenderedPrompt prompt, CancellationTokenSource leaving)
    {
        await foreach (var _ in model.GenerateAsync(prompt, Greedy, leaving.Token))
            await leaving.CancelAsync();
    }
}
