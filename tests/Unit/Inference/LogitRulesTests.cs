using Responses.Inference;
using Responses.Inference.Engine;

namespace Responses.Tests.Unit.Inference;

/// <summary>
/// OpenAI's penalties and logit bias on the embedded model, greedy: a penalty of 2 makes the output repeat its tokens
/// far less than none does; 0 changes nothing; a bias of 100 forces a token; in a batch they act on their own row only.
/// </summary>
public sealed class LogitRulesTests
{
    private const int Tokens = 96;

    private static readonly SamplingSettings Greedy = new(Tokens, 0, 1);

    [Theory]
    [InlineData(2.0, 0.0)]
    [InlineData(0.0, 2.0)]
    public async Task A_penalty_of_2_makes_the_output_repeat_its_tokens_far_less(double frequency, double presence)
    {
        using var model = EmbeddedModel.Load(promptCacheEntries: 0);
        var prompt = model.Render(TestModels.UserSays("Tell me a long story."));

        var plain = await TokensAsync(model, prompt, Greedy);
        var penalized = await TokensAsync(model, prompt, Greedy with { Logits = new LogitRules(presence, frequency) });

        Assert.Equal(Tokens, plain.Count);
        // Penalized, the end-of-sequence token may come sooner: enough tokens to count repeats in all the same.
        Assert.InRange(penalized.Count, Tokens / 2, Tokens);
        var before = (double)plain.Distinct().Count() / plain.Count;
        var after = (double)penalized.Distinct().Count() / penalized.Count;
        Assert.True(after >= 1.5 * before, $"distinct/all {before:F2} without the penalty, {after:F2} with it");
    }

    [Fact]
    public async Task Zero_penalties_and_no_bias_add_no_hook_and_change_nothing()
    {
        using var model = EmbeddedModel.Load(promptCacheEntries: 0);
        var prompt = model.Render(TestModels.UserSays("Tell me a long story."));

        Assert.Null(LogitAdjustments.For(Greedy with { Logits = new LogitRules(0, 0, new Dictionary<int, float>()) }));
        var (plain, _, _) = await TestModels.CollectAsync(model, prompt, Greedy);
        var (zero, _, _) = await TestModels.CollectAsync(model, prompt, Greedy with { Logits = new LogitRules(0, 0) });
        Assert.Equal(plain, zero);
    }

    [Fact]
    public async Task A_bias_of_100_forces_its_token_and_minus_100_bans_one()
    {
        using var model = EmbeddedModel.Load(promptCacheEntries: 0);
        var prompt = model.Render(TestModels.UserSays("Tell me a long story."));
        var plain = await TokensAsync(model, prompt, Greedy);
        var banned = plain[0];

        var forced = await TokensAsync(model, prompt, Greedy with { Logits = new LogitRules(Bias: new Dictionary<int, float> { [banned + 1] = 100 }) });
        var without = await TokensAsync(model, prompt, Greedy with { Logits = new LogitRules(Bias: new Dictionary<int, float> { [banned] = -100 }) });

        Assert.All(forced, token => Assert.Equal(banned + 1, token));
        Assert.DoesNotContain(banned, without);
    }

    [Fact]
    public async Task In_a_batch_a_penalty_acts_on_its_own_row_only()
    {
        using var model = EmbeddedModel.Load(maxBatchSize: 2, batchWindowMilliseconds: 5_000, promptCacheEntries: 0, parallelRuns: 1);
        var holder = model.GenerateAsync(model.Render(TestModels.UserSays("Hold on.")), new SamplingSettings(4096, 0, 1), CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await holder.MoveNextAsync());
        var penalizedPrompt = model.Render(TestModels.UserSays("Tell me a long story."));
        var plainPrompt = model.Render(TestModels.UserSays("Hi"));
        var penalizedSampling = Greedy with { Logits = new LogitRules(FrequencyPenalty: 2) };

        var results = await Task.WhenAll(
            TestModels.CollectAsync(model, penalizedPrompt, penalizedSampling),
            TestModels.CollectAsync(model, plainPrompt, Greedy));
        await holder.DisposeAsync();

        Assert.Equal(2, model.RowsBatched);
        using var alone = EmbeddedModel.Load(promptCacheEntries: 0);
        Assert.Equal((await TestModels.CollectAsync(alone, plainPrompt, Greedy)).Text, results[1].Text);
        Assert.Equal((await TestModels.CollectAsync(alone, penalizedPrompt, penalizedSampling)).Text, results[0].Text);
    }

    /// <summary>The token ids a generation picks (the engine applies <paramref name="sampling"/>'s rules before the recorder sees them).</summary>
    private static async Task<List<int>> TokensAsync(ModelEngine model, RenderedPrompt prompt, SamplingSettings sampling)
    {
        var recorder = new TokenRecorder();
        await foreach (var _ in model.GenerateAsync(prompt, sampling, recorder, reservation: null, CancellationToken.None))
        {
        }

        return recorder.Tokens;
    }

    private sealed class TokenRecorder : IStepHook
    {
        public List<int> Tokens { get; } = [];

        public bool BeforeSample(Span<float> logits) => false;

        public void AfterSample(int token, ReadOnlySpan<float> logits) => Tokens.Add(token);
    }
}
