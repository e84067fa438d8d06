using Responses.Inference;
using Responses.Inference.Engine;

namespace Responses.Tests.Unit.Inference;

/// <summary>
/// The prompt cache on the embedded model: a conversation resent in full reuses the KV state of its last turn,
/// reports exactly what it reused, and answers greedily exactly as a model without the cache does.
/// </summary>
public sealed class PromptCacheTests
{
    private static readonly SamplingSettings Greedy = new(12, 0, 1);

    // Long enough that the first turn alone is well past the smallest reuse worth making.
    private const string Opening = "Tell me about the rivers of the world, the mountains they come from, and the seas they reach in the end, one by one.";

    [Fact]
    public void The_embedded_model_passes_the_probe()
    {
        using var model = EmbeddedModel.Load();

        Assert.True(model.PromptCache.Enabled);
    }

    [Fact]
    public async Task A_follow_up_that_extends_a_finished_turn_reuses_its_common_prefix()
    {
        using var model = EmbeddedModel.Load();
        var first = model.Render(TestModels.UserSays(Opening));
        var (answer, done, _) = await TestModels.CollectAsync(model, first, Greedy);
        Assert.Equal(0, done.Usage.CachedTokens);
        var held = Assert.Single(model.PromptCache.HeldTokens());

        var second = model.Render(FollowUp(answer, "And the lakes?"));
        var (_, finished, _) = await TestModels.CollectAsync(model, second, Greedy);

        var common = second.TokenIds.AsSpan().CommonPrefixLength(held);
        var expected = Math.Min(common, Math.Min(second.TokenCount - 1, held.Length - 2));
        Assert.True(expected >= first.TokenCount - 2, $"the follow-up shares only {expected} of {first.TokenCount} tokens");
        Assert.Equal(expected, finished.Usage.CachedTokens);
        Assert.Equal(second.TokenCount, finished.Usage.InputTokens);
    }

    [Fact]
    public async Task Greedy_answers_are_the_same_with_and_without_the_cache()
    {
        using var cached = EmbeddedModel.Load();
        using var uncached = EmbeddedModel.Load(promptCacheEntries: 0);
        // A small chunk makes the continued prefill append several chunks on top of the cache.
        using var chunked = EmbeddedModel.Load(prefillChunkTokens: 7);
        Assert.False(uncached.PromptCache.Enabled);

        var messages = new List<ChatMessage> { new("user", Opening) };
        var reused = 0;
        foreach (var next in new[] { "And the lakes?", "Which one is the longest?", "Say it again, shorter.", "Thanks." })
        {
            var prompt = new ChatPrompt([.. messages]);
            var (withCache, finished, _) = await TestModels.CollectAsync(cached, cached.Render(prompt), Greedy);
            var (withoutCache, _, _) = await TestModels.CollectAsync(uncached, uncached.Render(prompt), Greedy);
            var (withChunks, _, _) = await TestModels.CollectAsync(chunked, chunked.Render(prompt), Greedy);
            Assert.Equal(withoutCache, withCache);
            Assert.Equal(withoutCache, withChunks);
            reused += finished.Usage.CachedTokens;
            messages.Add(new ChatMessage("assistant", withCache));
            messages.Add(new ChatMessage("user", next));
        }
        Assert.True(reused > 0);
    }

    [Fact]
    public async Task Guided_generations_are_never_kept()
    {
        using var model = EmbeddedModel.Load();
        var prompt = model.Render(new ChatPrompt([new ChatMessage("user", Opening)])
        {
            Tools = [new ChatTool("pick", "Pick a colour.", """{"type":"object","properties":{"colour":{"enum":["red","blue"]}},"required":["colour"]}""", Strict: true)],
            ToolChoice = ToolChoice.Required,
            MaxToolCalls = 1,
        });

        var (_, finished, _) = await TestModels.CollectAsync(model, prompt, new SamplingSettings(64, 0, 1));

        Assert.Equal(FinishReason.ToolCalls, finished.Reason);
        Assert.Equal(0, model.PromptCache.Count);
    }

    [Fact]
    public async Task Different_sampling_settings_do_not_match()
    {
        using var model = EmbeddedModel.Load();
        var first = model.Render(TestModels.UserSays(Opening));
        var (answer, _, _) = await TestModels.CollectAsync(model, first, Greedy);
        var second = model.Render(FollowUp(answer, "And the lakes?"));

        var (_, sampled, _) = await TestModels.CollectAsync(model, second, new SamplingSettings(12, 0.7, 0.9));
        var (_, hotter, _) = await TestModels.CollectAsync(model, second, new SamplingSettings(12, 0.9, 0.9));

        Assert.Equal(0, sampled.Usage.CachedTokens);
        Assert.Equal(0, hotter.Usage.CachedTokens);
        Assert.Equal(3, model.PromptCache.Count); // the greedy turn and each sampled one, none taken
    }

    [Fact]
    public async Task A_request_with_its_own_seed_always_starts_fresh_so_its_output_is_reproducible()
    {
        using var model = EmbeddedModel.Load();
        var first = model.Render(TestModels.UserSays(Opening));
        var settings = new SamplingSettings(12, 0.7, 0.9);
        var (answer, _, _) = await TestModels.CollectAsync(model, first, settings);
        var second = model.Render(FollowUp(answer, "And the lakes?"));

        var (seededText, seeded, _) = await TestModels.CollectAsync(model, second, settings with { Seed = 5 });
        var (unseededText, unseeded, _) = await TestModels.CollectAsync(model, second, settings);

        Assert.Equal(0, seeded.Usage.CachedTokens);
        Assert.True(unseeded.Usage.CachedTokens > 0, "the same settings without a seed reuse the kept turn");
        using var fresh = EmbeddedModel.Load();
        var (again, _, _) = await TestModels.CollectAsync(fresh, fresh.Render(FollowUp(answer, "And the lakes?")), settings with { Seed = 5 });
        Assert.Equal(again, seededText);
        Assert.NotNull(unseededText);
    }

    [Fact]
    public async Task The_least_recently_used_entry_goes_beyond_the_count()
    {
        using var model = TestModels.LoadFolder(EmbeddedModel.FolderPath, "embedded", prefillChunkTokens: 1024, promptCacheEntries: 2);
        var prompts = new[] { "first", "second", "third" }.Select(word => model.Render(TestModels.UserSays($"The {word}: {Opening}"))).ToArray();
        foreach (var prompt in prompts)
        {
            var (_, finished, _) = await TestModels.CollectAsync(model, prompt, Greedy);
            Assert.Equal(0, finished.Usage.CachedTokens); // they differ early: each is kept beside the others
        }

        var held = model.PromptCache.HeldTokens();
        Assert.Equal(2, held.Count);
        Assert.True(held[0].AsSpan().StartsWith(prompts[2].TokenIds));
        Assert.True(held[1].AsSpan().StartsWith(prompts[1].TokenIds));
    }

    [Fact]
    public async Task A_cancelled_generation_is_not_kept()
    {
        using var model = EmbeddedModel.Load();
        var prompt = model.Render(TestModels.UserSays(Opening));
        using var stop = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in model.GenerateAsync(prompt, new SamplingSettings(200, 0, 1), stop.Token))
                await stop.CancelAsync();
        });

        Assert.Equal(0, model.PromptCache.Count);
    }

    [Fact]
    public async Task Disposing_the_model_frees_its_kept_generations()
    {
        var model = EmbeddedModel.Load();
        await TestModels.CollectAsync(model, model.Render(TestModels.UserSays(Opening)), Greedy);
        await TestModels.CollectAsync(model, model.Render(TestModels.UserSays(Opening + " Please.")), new SamplingSettings(12, 0.5, 1));
        Assert.Equal(2, model.PromptCache.Count);

        model.Dispose();

        Assert.Equal(0, model.PromptCache.Count);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () =>
            await TestModels.CollectAsync(model, model.Render(TestModels.UserSays(Opening)), Greedy));
    }

    private static ChatPrompt FollowUp(string answer, string next) =>
        new([new ChatMessage("user", Opening), new ChatMessage("assistant", answer), new ChatMessage("user", next)]);
}
