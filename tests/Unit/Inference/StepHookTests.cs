using Responses.Inference;
using Responses.Inference.Engine;

namespace Responses.Tests.Unit.Inference;

/// <summary>
/// The per-step hook on the embedded model, with a real consumer: one that records, for every token, the log
/// probability the model gave it and the largest one it gave any token (log-softmax over the logits it was picked
/// from). Greedy decoding picks the most likely token, so the two are equal at every step, alone and in a batch; and
/// a hook that only reads changes nothing.
/// </summary>
public sealed class StepHookTests
{
    private static readonly SamplingSettings Greedy = new(16, 0, 1);

    [Fact]
    public async Task A_hook_sees_every_token_with_the_logits_it_was_picked_from()
    {
        using var model = EmbeddedModel.Load();
        var prompt = model.Render(TestModels.UserSays("Tell me about the sea."));
        var (expected, _, _) = await TestModels.CollectAsync(model, prompt, Greedy with { MaxOutputTokens = 16 });

        var hook = new LogprobRecorder();
        var text = await CollectTextAsync(model.GenerateAsync(prompt, Greedy, hook, reservation: null, CancellationToken.None));

        Assert.Equal(expected, text);
        Assert.Equal(16, hook.Steps.Count);
        Assert.All(hook.Steps, step =>
        {
            Assert.True(step.Logprob <= 0);
            Assert.Equal(step.Best, step.Logprob, precision: 5);
        });
    }

    [Fact]
    public async Task A_hook_on_one_row_of_a_batch_sees_only_that_row()
    {
        using var model = EmbeddedModel.Load(maxBatchSize: 2, batchWindowMilliseconds: 5_000, promptCacheEntries: 0);
        var holder = model.GenerateAsync(model.Render(TestModels.UserSays("Hold on.")), new SamplingSettings(4096, 0, 1), CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await holder.MoveNextAsync());
        var hooked = model.Render(TestModels.UserSays("Tell me about the sea."));
        var other = model.Render(TestModels.UserSays("Hi"));

        var hook = new LogprobRecorder();
        var results = await Task.WhenAll(
            CollectTextAsync(model.GenerateAsync(hooked, Greedy, hook, reservation: null, CancellationToken.None)),
            TestModels.CollectAsync(model, other, Greedy).ContinueWith(t => t.Result.Text, TaskScheduler.Default));
        await holder.DisposeAsync();

        Assert.Equal(2, model.RowsBatched);
        Assert.Equal(16, hook.Steps.Count);
        Assert.All(hook.Steps, step => Assert.Equal(step.Best, step.Logprob, precision: 5));
        using var alone = EmbeddedModel.Load(promptCacheEntries: 0);
        Assert.Equal((await TestModels.CollectAsync(alone, hooked, Greedy)).Text, results[0]);
    }

    private static async Task<string> CollectTextAsync(IAsyncEnumerable<OutputEvent> events)
    {
        var text = new System.Text.StringBuilder();
        await foreach (var item in events)
        {
            if (item is TextDelta delta)
                text.Append(delta.Text);
        }
        return text.ToString();
    }

    /// <summary>Records each picked token's log probability and the best one, as a log-probabilities stage will.</summary>
    private sealed class LogprobRecorder : IStepHook
    {
        public List<(int Token, double Logprob, double Best)> Steps { get; } = [];

        public bool BeforeSample(Span<float> logits) => false;

        public void AfterSample(int token, ReadOnlySpan<float> logits)
        {
            var max = double.NegativeInfinity;
            foreach (var logit in logits)
                max = Math.Max(max, logit);
            var sum = 0.0;
            foreach (var logit in logits)
                sum += Math.Exp(logit - max);
            var logSum = max + Math.Log(sum);
            Steps.Add((token, logits[token] - logSum, max - logSum));
        }
    }
}
