using System.Text.Json.Nodes;
using Responses.Inference;
using Responses.Inference.EmbeddedModel;

namespace Responses.Tests.Unit.Inference;

/// <summary>
/// Returning idle memory shrinks ORT's CPU arena through a run option, and ORT fails every run that asks for a
/// shrink when the session has no arena: a folder exported without one must still serve.
/// </summary>
public sealed class MemoryReleaseTests
{
    [Fact]
    public async Task A_model_without_a_cpu_arena_still_generates_with_memory_release_on()
    {
        var folder = Path.Combine(Path.GetTempPath(), "responses-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var file in Directory.GetFiles(EmbeddedModel.FolderPath))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }

            var configPath = Path.Combine(folder, "genai_config.json");
            var config = JsonNode.Parse(File.ReadAllText(configPath))!;
            config["model"]!["decoder"]!["session_options"]!["enable_cpu_mem_arena"] = false;
            File.WriteAllText(configPath, config.ToJsonString());

            using var model = TestModels.LoadFolder(folder, EmbeddedModelWriter.ModelId, prefillChunkTokens: 1024);
            var prompt = model.Render(TestModels.UserSays("Hello"));
            for (var i = 0; i < 2; i++)
            {
                // The second generation runs after the first one's idle release was queued.
                var (_, finished, _) = await TestModels.CollectAsync(model, prompt, new SamplingSettings(24, 0, 1));
                Assert.Equal(24, finished.Usage.OutputTokens);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Greedy_output_is_the_same_with_memory_release_on_and_off()
    {
        // No prompt cache: the repeated prompt must prefill again for the second run to shrink a grown arena too.
        using var releasing = EmbeddedModel.Load(promptCacheEntries: 0);
        using var keeping = TestModels.LoadFolder(EmbeddedModel.FolderPath, EmbeddedModelWriter.ModelId, prefillChunkTokens: 1024, releaseIdleMemory: false);
        // Long enough to prefill in several chunks, so the first decode step shrinks a grown arena.
        var text = string.Concat(Enumerable.Repeat("The harbour woke before the sun and the gulls argued. ", 120));
        var prompt = releasing.Render(TestModels.UserSays(text));
        Assert.True(prompt.TokenCount > 2048, $"{prompt.TokenCount} tokens");
        var sampling = new SamplingSettings(64, 0, 1);

        var expected = await TestModels.CollectAsync(keeping, prompt, sampling);
        Assert.Equal(expected, await TestModels.CollectAsync(releasing, prompt, sampling));
        Assert.Equal(expected, await TestModels.CollectAsync(releasing, prompt, sampling));
    }
}
