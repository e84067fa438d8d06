using Responses.Inference;
using Responses.Inference.Engine;

namespace Responses.Tests.Unit.Inference;

/// <summary>
/// Log probabilities on the embedded model: greedy, each token's equals its first alternative's, the alternatives are
/// sorted, at most 0 and sum (as probabilities) to at most 1, and the tokens concatenate to the text; sampled, the
/// value equals a fresh log-softmax over the logits the token was picked from (divided by the temperature); alone
/// and in a batch alike.
/// </summary>
public sealed class LogprobTests
{
    private static readonly SamplingSettings Greedy = new(24, 0, 1) { TopLogprobs = 5 };

    [Fact]
    public async Task Greedy_logprobs_are_the_top_alternative_sorted_and_spell_the_text()
    {
        using var model = EmbeddedModel.Load(promptCacheEntries: 0);
        var prompt = model.Render(TestModels.UserSays("Tell me about the sea."));
        var (plain, _, _) = await TestModels.CollectAsync(model, prompt, Greedy with { TopLogprobs = null });

        var (text, tokens) = await CollectAsync(model.GenerateAsync(prompt, Greedy, CancellationToken.None));

        Assert.Equal(plain, text);
        Assert.Equal(text, string.Concat(tokens.Select(token => token.Token)));
        Assert.NotEmpty(tokens);
        Assert.All(tokens, token =>
        {
            Assert.Equal(5, token.Top.Count);
            Assert.Equal(token.Top[0].Logprob, token.Logprob, precision: 9);
            Assert.Equal(token.Token, token.Top[0].Token);
            Assert.All(token.Top, top => Assert.True(top.Logprob <= 0));
            Assert.Equal(token.Top.Select(top => top.Logprob).OrderDescending(), token.Top.Select(top => top.Logprob));
            Assert.True(token.Top.Sum(top => Math.Exp(top.Logprob)) <= 1 + 1e-9);
        });
    }

    [Fact]
    public async Task A_sampled_tokens_logprob_is_a_fresh_log_softmax_of_its_logits_over_the_temperature()
    {
        using var model = EmbeddedModel.Load(promptCacheEntries: 0);
        var prompt = model.Render(TestModels.UserSays("Tell me about the sea."));
        var sampling = new SamplingSettings(24, 0.7, 1, Seed: 42) { TopLogprobs = 2 };
        var recorder = new LogitCopies();

        var (_, tokens) = await CollectAsync(model.GenerateAsync(prompt, sampling, recorder, reservation: null, CancellationToken.None));

        Assert.Equal(recorder.Steps.Count, tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var (token, logits) = recorder.Steps[i];
            var scaled = logits.Select(logit => logit / 0.7).ToArray();
            var max = scaled.Max();
            var logSum = max + Math.Log(scaled.Sum(x => Math.Exp(x - max)));
            Assert.Equal(scaled[token] - logSum, tokens[i].Logprob, precision: 4);
        }
    }

    [Fact]
    public async Task A_row_of_a_batch_gets_the_logprobs_it_gets_alone()
    {
        var story = "Tell me about the sea.";
        List<TokenLogprob> alone;
        using (var lone = EmbeddedModel.Load(promptCacheEntries: 0))
        {
            alone = (await CollectAsync(lone.GenerateAsync(lone.Render(TestModels.UserSays(story)), Greedy, CancellationToken.None))).Tokens;
        }

        using var model = EmbeddedModel.Load(maxBatchSize: 2, batchWindowMilliseconds: 5_000, promptCacheEntries: 0, parallelRuns: 1);
        var holder = model.GenerateAsync(model.Render(TestModels.UserSays("Hold on.")), new SamplingSettings(4096, 0, 1), CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await holder.MoveNextAsync());
        var results = await Task.WhenAll(
            CollectAsync(model.GenerateAsync(model.Render(TestModels.UserSays(story)), Greedy, CancellationToken.None)),
            CollectAsync(model.GenerateAsync(model.Render(TestModels.UserSays("Hi")), Greedy with { TopLogprobs = null }, CancellationToken.None)));
        await holder.DisposeAsync();

        Assert.Equal(2, model.RowsBatched);
        Assert.Equal(alone.Select(token => token.Token), results[0].Tokens.Select(token => token.Token));
        Assert.Equal(alone.Select(token => Math.Round(token.Logprob, 4)), results[0].Tokens.Select(token => Math.Round(token.Logprob, 4)));
        Assert.Empty(results[1].Tokens);
    }

    private static async Task<(string Text, List<TokenLogprob> Tokens)> CollectAsync(IAsyncEnumerable<OutputEvent> events)
    {
        var text = new System.Text.StringBuilder();
        var tokens = new List<TokenLogprob>();
        await foreach (var item in events)
        {
            if (item is TextDelta delta)
            {
                text.Append(delta.Text);
                tokens.AddRange(delta.Logprobs ?? []);
            }
        }

        return (text.ToString(), tokens);
    }

    /// <summary>Every step's picked token and a copy of the logits it was picked from.</summary>
    private sealed class LogitCopies : IStepHook
    {
        public List<(int Token, float[] Logits)> Steps { get; } = [];

        public bool BeforeSample(Span<float> logits) => false;

        public void AfterSample(int token, ReadOnlySpan<float> logits) => Steps.Add((token, logits.ToArray()));
    }
}
