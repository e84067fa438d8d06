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
    public async Task A_batch_that_fails_ends_each_of_its_requests_with_the_error_and_the_model_goes_on()
    {
        using var model = EmbeddedModel.Load(maxBatchSize: 8, batchWindowMilliseconds: 500, promptCacheEntries: 0);
        var good = model.Render(TestModels.UserSays(Questions[1]));
        // An id beyond the vocabulary: the embedding lookup of the batch's prefill fails in ONNX Runtime.
        var broken = good with { TokenIds = [.. good.TokenIds, 1_000_000] };

        await using (await Busy(model))
        {
            var results = new[] { TestModels.CollectAsync(model, good, Greedy), TestModels.CollectAsync(model, broken, Greedy) };

            foreach (var result in results)
                await Assert.ThrowsAnyAsync<Exception>(() => result);
            Assert.Equal(2, model.RowsBatched);
        }
        var (text, finished, _) = await TestModels.CollectAsync(model, good, Greedy);
        Assert.Equal(Greedy.MaxOutputTokens, finished.Usage.OutputTokens);
        Assert.NotEmpty(text);
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
