using System.Diagnostics;
using System.Text.Json.Nodes;
using Responses.Inference;

namespace Responses.Tests.Unit.Inference;

public sealed class ModelEngineTests
{
    private static readonly SamplingSettings Greedy = new(MaxOutputTokens: 8, Temperature: 0, TopP: 1);

    [ModelTheory]
    [MemberData(nameof(TestModels.All), MemberType = typeof(TestModels))]
    public async Task Each_model_loads_renders_and_generates(string name)
    {
        using var model = TestModels.Load(name);
        Assert.Equal(name, model.Info.Id);
        Assert.True(model.Info.ContextLength > 0);
        Assert.True(model.Info.LoadTime > TimeSpan.Zero);

        var prompt = model.Render(new ChatPrompt([new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hello 😀 世界")]));
        Assert.Contains("Hello 😀 世界", prompt.Text);
        Assert.NotEmpty(prompt.TokenIds);

        var (_, finished, _) = await TestModels.CollectAsync(model, prompt, Greedy);
        Assert.Equal(prompt.TokenCount, finished.Usage.InputTokens);
        Assert.InRange(finished.Usage.OutputTokens, 1, 8);
        if (finished.Reason == FinishReason.Length)
            Assert.Equal(8, finished.Usage.OutputTokens);
    }

    [ModelTheory]
    [MemberData(nameof(TestModels.All), MemberType = typeof(TestModels))]
    public async Task Temperature_zero_is_deterministic(string name)
    {
        using var model = TestModels.Load(name);
        var prompt = model.Render(TestModels.UserSays("Tell me a story."));
        var first = await TestModels.CollectAsync(model, prompt, Greedy with { MaxOutputTokens = 16 });
        var second = await TestModels.CollectAsync(model, prompt, Greedy with { MaxOutputTokens = 16 });
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.Finished, second.Finished);
    }

    [ModelFact]
    public async Task Sampling_with_the_same_seed_repeats_and_another_seed_differs()
    {
        using var model = TestModels.Load(TestModels.Llama);
        var prompt = model.Render(TestModels.UserSays("Tell me a story."));
        var sampling = new SamplingSettings(24, Temperature: 1.5, TopP: 1, Seed: 7);
        var a = await TestModels.CollectAsync(model, prompt, sampling);
        var b = await TestModels.CollectAsync(model, prompt, sampling);
        var c = await TestModels.CollectAsync(model, prompt, sampling with { Seed = 8 });
        Assert.Equal(a.Text, b.Text);
        Assert.NotEqual(a.Text, c.Text);
    }

    [ModelFact]
    public async Task Max_length_is_capped_at_the_context()
    {
        using var model = TestModels.Load(TestModels.Qwen); // context 128
        var prompt = model.Render(TestModels.UserSays("Hi"));
        var (_, finished, _) = await TestModels.CollectAsync(model, prompt, Greedy with { MaxOutputTokens = 10_000 });
        Assert.Equal(FinishReason.Length, finished.Reason);
        Assert.Equal(128, finished.Usage.TotalTokens);
    }

    [ModelFact]
    public void A_prompt_over_the_context_throws_when_rendered()
    {
        using var model = TestModels.Load(TestModels.Qwen);
        var ex = Assert.Throws<ContextLengthExceededException>(() => model.Render(TestModels.UserSays(string.Concat(Enumerable.Repeat("word ", 200)))));
        Assert.Equal(128, ex.ContextLength);
        Assert.True(ex.PromptTokens >= 128);
    }

    [ModelFact]
    public async Task A_prompt_over_the_context_throws_before_generating()
    {
        using var model = TestModels.Load(TestModels.Qwen);
        var tooLong = new RenderedPrompt("x", Enumerable.Repeat(33, 128).ToArray());
        var events = new List<OutputEvent>();
        await Assert.ThrowsAsync<ContextLengthExceededException>(async () =>
        {
            await foreach (var item in model.GenerateAsync(tooLong, Greedy, CancellationToken.None))
                events.Add(item);
        });
        Assert.Empty(events);
    }

    [ModelFact]
    public async Task End_of_sequence_finishes_with_stop_and_counts_the_eos_token()
    {
        // The gpt2 test model greedily repeats one token; make that token the end of sequence.
        string folder = TestModels.Copy(TestModels.Gpt2);
        int repeated;
        using (var model = TestModels.LoadFolder(folder, "probe"))
        {
            var probe = model.Render(TestModels.UserSays("Hi"));
            var (text, _, _) = await TestModels.CollectAsync(model, probe, Greedy with { MaxOutputTokens = 1 });
            using var native = TestModels.Native(folder);
            repeated = native.Tokenizer.Encode(text)[0];
        }
        var configPath = Path.Combine(folder, "genai_config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!;
        config["model"]!["eos_token_id"] = repeated;
        File.WriteAllText(configPath, config.ToJsonString());

        using var eosModel = TestModels.LoadFolder(folder, "eos");
        var prompt = eosModel.Render(TestModels.UserSays("Hi"));
        var (output, finished, _) = await TestModels.CollectAsync(eosModel, prompt, Greedy);
        Assert.Equal(FinishReason.Stop, finished.Reason);
        Assert.Equal(1, finished.Usage.OutputTokens);
        Assert.Equal(string.Empty, output); // the EOS token has no visible text
    }

    [ModelFact]
    public async Task Chunked_prefill_matches_a_single_append()
    {
        foreach (var name in new[] { TestModels.Qwen, TestModels.Gpt2, TestModels.Lfm2, TestModels.Llama }) // llama's graph is rewritten to take them
        {
            using var whole = TestModels.Load(name, prefillChunkTokens: 0);
            using var chunked = TestModels.Load(name, prefillChunkTokens: 16);
            var prompt = whole.Render(TestModels.UserSays(string.Concat(Enumerable.Repeat("alpha beta ", 20))));
            Assert.True(prompt.TokenCount > 32);
            var expected = await TestModels.CollectAsync(whole, prompt, Greedy);
            Assert.Equal(expected, await TestModels.CollectAsync(chunked, prompt, Greedy));
        }
    }

    [ModelFact]
    public void Every_tiny_model_takes_chunked_prefill_and_all_but_lfm2_keep_a_prompt_cache()
    {
        // lfm2 cannot rewind (ORT GenAI says so); the Llama export's causal mask is rewritten at load to take appends on a cache.
        foreach (var (name, cache) in new[] { (TestModels.Qwen, true), (TestModels.Gpt2, true), (TestModels.Lfm2, false), (TestModels.Llama, true) })
        {
            using var model = TestModels.Load(name, prefillChunkTokens: 16);
            Assert.Equal((name, true, cache), (name, model.Capabilities.ChunkedPrefill, model.Capabilities.PromptCache));
        }
    }

    [ModelFact]
    public void The_template_override_replaces_the_models_own()
    {
        using var model = TestModels.Load(TestModels.Gpt2, chatTemplate: "{% for m in messages %}[{{ m.role }}]{{ m.content }}{% endfor %}");
        Assert.Equal("[user]Hi", model.Render(TestModels.UserSays("Hi")).Text);
    }

    [ModelFact]
    public void A_template_error_is_a_chat_template_exception()
    {
        using var model = TestModels.Load(TestModels.Llama); // Llama-2 template raises unless roles alternate
        var ex = Assert.Throws<ChatTemplateException>(() => model.Render(new ChatPrompt([new ChatMessage("user", "a"), new ChatMessage("user", "b")])));
        Assert.Contains("alternate", ex.Message);
    }

    [ModelFact]
    public void Without_a_chat_template_chatml_is_used()
    {
        var folder = TestModels.Copy(TestModels.Gpt2);
        var configPath = Path.Combine(folder, "tokenizer_config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config.Remove("chat_template");
        File.WriteAllText(configPath, config.ToJsonString());

        using var model = TestModels.LoadFolder(folder, "plain");
        Assert.Equal("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", model.Render(TestModels.UserSays("Hi")).Text);
    }

    [Fact]
    public void A_missing_folder_or_config_is_a_model_load_exception_naming_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), "responses-tests", "no-such-model");
        Assert.Contains(missing, Assert.Throws<ModelLoadException>(() => TestModels.LoadFolder(missing, "x")).Message);

        var empty = Directory.CreateTempSubdirectory("responses-tests-").FullName;
        var ex = Assert.Throws<ModelLoadException>(() => TestModels.LoadFolder(empty, "x"));
        Assert.Contains(empty, ex.Message);
        Assert.Contains("genai_config.json", ex.Message);
    }

    [ModelFact]
    public void A_folder_whose_model_file_is_missing_is_a_model_load_exception()
    {
        var folder = TestModels.Copy(TestModels.Gpt2);
        File.Delete(Path.Combine(folder, "past.onnx"));
        Assert.Contains(folder, Assert.Throws<ModelLoadException>(() => TestModels.LoadFolder(folder, "x")).Message);
    }
}
