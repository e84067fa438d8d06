using Responses.Inference;
using Responses.Inference.Engine;

namespace Responses.Tests.Unit.Inference;

public sealed class SearchPlanTests
{
    private const int DefaultCap = 40;

    private sealed class Seeds(ulong seed) : ISeedSource
    {
        public int Calls { get; private set; }

        public ulong NextSeed()
        {
            Calls++;
            return seed;
        }
    }

    [Fact]
    public void Temperature_zero_is_greedy_not_a_tiny_temperature()
    {
        var plan = SearchPlan.Create(new SamplingSettings(10, 0, 0.9), 5, 100, DefaultCap, new Seeds(1));
        Assert.False(plan.DoSample);
        Assert.Equal(1, plan.Temperature);
        Assert.Equal(1, plan.TopK);
    }

    [Fact]
    public void Top_p_zero_is_greedy()
        => Assert.False(SearchPlan.Create(new SamplingSettings(10, 0.7, 0), 5, 100, DefaultCap, new Seeds(1)).DoSample);

    [Fact]
    public void Sampling_passes_temperature_and_top_p_and_disables_top_k()
    {
        var plan = SearchPlan.Create(new SamplingSettings(10, 0.7, 0.9), 5, 100, DefaultCap, new Seeds(1));
        Assert.True(plan.DoSample);
        Assert.Equal(0.7, plan.Temperature);
        Assert.Equal(0.9, plan.TopP);
        Assert.Equal(0, plan.TopK);
    }

    [Theory]
    [InlineData(10, 5, 100, 15)] // max_length counts the prompt
    [InlineData(1000, 5, 100, 100)] // capped at the context
    [InlineData(int.MaxValue, 5, 100, 100)] // no overflow
    [InlineData(null, 5, 100, 45)] // unset: the server's default cap, not the whole context
    [InlineData(null, 80, 100, 100)] // the default cap still stops at the context
    [InlineData(60, 5, 100, 65)] // a request may go above the default cap
    public void Max_length_is_prompt_plus_output_capped_at_context(int? maxOutput, int prompt, int context, int expected)
    {
        Assert.Equal(expected, SearchPlan.Create(new SamplingSettings(maxOutput, 1, 1), prompt, context, DefaultCap, new Seeds(1)).MaxLength);
        Assert.Equal(expected, SearchPlan.MaxLengthFor(new SamplingSettings(maxOutput, 1, 1), prompt, context, DefaultCap));
    }

    [Fact]
    public void The_request_seed_wins_and_the_source_is_not_asked()
    {
        var seeds = new Seeds(99);
        var plan = SearchPlan.Create(new SamplingSettings(10, 1, 1, Seed: 42), 5, 100, DefaultCap, seeds);
        Assert.Equal(42, plan.RandomSeed);
        Assert.Equal(0, seeds.Calls);
    }

    [Fact]
    public void Without_a_request_seed_one_is_drawn_so_ort_never_reads_the_os_random_device()
    {
        var seeds = new Seeds(77);
        var plan = SearchPlan.Create(new SamplingSettings(10, 0, 1), 5, 100, DefaultCap, seeds);
        Assert.Equal(77, plan.RandomSeed);
        Assert.Equal(1, seeds.Calls);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(ulong.MaxValue)]
    [InlineData(1UL << 40)]
    [InlineData((ulong)int.MaxValue + 1)]
    public void Folded_seeds_are_never_negative(ulong seed)
        => Assert.InRange(SearchPlan.FoldSeed(seed), 0, int.MaxValue);

    [Fact]
    public void High_seed_bits_still_change_the_folded_seed()
        => Assert.NotEqual(SearchPlan.FoldSeed(1), SearchPlan.FoldSeed(1 | (1UL << 40)));

    [Fact]
    public void A_prompt_that_fills_the_context_is_rejected()
    {
        var ex = Assert.Throws<ContextLengthExceededException>(() => SearchPlan.Create(new SamplingSettings(10, 0, 1), 100, 100, DefaultCap, new Seeds(1)));
        Assert.Equal(100, ex.PromptTokens);
        Assert.Equal(100, ex.ContextLength);
    }

    [Theory]
    [InlineData(-0.1, 1.0, 10)]
    [InlineData(double.NaN, 1.0, 10)]
    [InlineData(1.0, 1.1, 10)]
    [InlineData(1.0, -0.1, 10)]
    [InlineData(1.0, 1.0, 0)]
    public void Out_of_range_settings_are_rejected(double temperature, double topP, int maxOutput)
        => Assert.Throws<ArgumentOutOfRangeException>(() => SearchPlan.Create(new SamplingSettings(maxOutput, temperature, topP), 5, 100, DefaultCap, new Seeds(1)));
}
