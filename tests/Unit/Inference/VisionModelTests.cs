using Onnx;
using Responses.Inference;
using Responses.Inference.Native;
using Responses.Inference.EmbeddedModel;
using Responses.Inference.Ort;
using Responses.Tests.Support;

namespace Responses.Tests.Unit.Inference;

/// <summary>
/// The tiny vision model the project writes: an ORT GenAI gemma3 folder, the same bytes on every write, run through
/// ORT GenAI's own multimodal path (MultiModalProcessor, then the vision, embedding and decoder graphs), greedy: its
/// answer is a function of the image.
/// </summary>
public sealed class VisionModelTests
{
    private const string Prompt = "<|im_start|>user\n<start_of_image>What is in this picture?<|im_end|>\n<|im_start|>assistant\n";
    private const int Tokens = 24;

    private static readonly Lazy<string> Folder = new(() =>
        new VisionModelWriter().EnsureWritten(Path.Combine(Path.GetTempPath(), "responses-tests", "vision-model")));

    [Fact]
    public void The_folder_is_a_gemma3_pipeline_of_three_graphs()
    {
        var config = File.ReadAllText(Path.Combine(Folder.Value, "genai_config.json"));
        Assert.Contains("\"type\": \"gemma3\"", config, StringComparison.Ordinal);
        var vision = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(Folder.Value, "vision.onnx"))).Graph;
        Assert.Equal("pixel_values", Assert.Single(vision.Input).Name);
        Assert.Equal("image_features", Assert.Single(vision.Output).Name);
        var decoder = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(Folder.Value, "model.onnx"))).Graph;
        Assert.Contains(decoder.Input, input => input.Name == "inputs_embeds");
        Assert.DoesNotContain(decoder.Input, input => input.Name == "input_ids");
    }

    [Fact]
    public void Writing_it_again_gives_the_same_bytes()
    {
        var again = new VisionModelWriter().EnsureWritten(Path.Combine(Path.GetTempPath(), "responses-tests", $"vision-model-{Guid.NewGuid():N}"));
        try
        {
            Assert.Equal(Path.GetFileName(Folder.Value), Path.GetFileName(again));
            foreach (var file in Directory.GetFiles(Folder.Value))
                Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(again, Path.GetFileName(file))));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(again)!, recursive: true);
        }
    }

    [Fact]
    public void The_processor_puts_256_image_tokens_in_the_prompt()
    {
        var (promptIds, _) = OrtImageGeneration.Greedy(Folder.Value, Prompt, TestImages.Solid(255, 0, 0), maxNewTokens: 1);
        var softToken = promptIds.GroupBy(id => id).Single(group => group.Count() == 256).Key;
        Assert.Equal(EmbeddedModelWriter.VocabularySize + 1, softToken);
    }

    [Fact]
    public void The_same_image_gives_the_same_greedy_answer_and_a_different_one_another()
    {
        var red = OrtImageGeneration.Greedy(Folder.Value, Prompt, TestImages.Solid(255, 0, 0), Tokens).Generated;
        var redAgain = OrtImageGeneration.Greedy(Folder.Value, Prompt, TestImages.Solid(255, 0, 0), Tokens).Generated;
        var checkerboard = OrtImageGeneration.Greedy(Folder.Value, Prompt, TestImages.Checkerboard(), Tokens).Generated;

        Assert.Equal(Tokens, red.Length);
        Assert.Equal(red, redAgain);
        Assert.NotEqual(red, checkerboard);
    }

    [Fact]
    public void A_rendered_prompt_counts_every_token_the_processor_puts_in_the_generator()
    {
        using var engine = TestModels.LoadFolder(Folder.Value, VisionModelWriter.ModelId);
        var image = new ChatImage(TestImages.Solid(255, 0, 0), "image/png", "digest", 16, 16);
        var prompt = engine.Render(new ChatPrompt([new ChatMessage("user", $"Two{ChatImage.Marker} and{ChatImage.Marker}?") { Images = [image, image] }]));
        using var native = TestModels.Native(Folder.Value);
        using var generator = native.CreateGenerator(new GeneratorSettings(1, prompt.TokenCount + 4, false, 1, 1, 1, 0));

        generator.AppendWithImages(prompt.Text, prompt.Images);

        Assert.True(engine.Info.AcceptsImages);
        Assert.Equal(prompt.TokenIds, generator.Sequence());
    }

    [Fact]
    public async Task A_kept_generation_with_an_image_continues_to_what_a_fresh_one_says_only_for_the_same_image()
    {
        var red = Image(TestImages.Solid(255, 0, 0));
        var greedy = new SamplingSettings(16, 0, 1);
        using var cached = TestModels.LoadFolder(Folder.Value, VisionModelWriter.ModelId);
        using var uncached = TestModels.LoadFolder(Folder.Value, VisionModelWriter.ModelId, promptCacheEntries: 0);
        var first = await TestModels.CollectAsync(cached, cached.Render(Turns(red)), greedy);
        var next = Turns(red, first.Text);

        var continued = await TestModels.CollectAsync(cached, cached.Render(next), greedy);
        var fresh = await TestModels.CollectAsync(uncached, uncached.Render(next), greedy);
        var otherImage = await TestModels.CollectAsync(cached, cached.Render(Turns(Image(TestImages.Checkerboard()), first.Text)), greedy);

        Assert.True(continued.Finished.Usage.CachedTokens > 256, $"cached {continued.Finished.Usage.CachedTokens}");
        Assert.Equal(fresh.Text, continued.Text);
        Assert.Equal(0, otherImage.Finished.Usage.CachedTokens);
    }

    [Fact]
    public async Task A_kept_generation_that_shares_text_only_up_to_before_the_image_is_not_continued()
    {
        var red = Image(TestImages.Solid(255, 0, 0));
        var greedy = new SamplingSettings(16, 0, 1);
        using var engine = TestModels.LoadFolder(Folder.Value, VisionModelWriter.ModelId);
        var system = new ChatMessage("system", string.Join(' ', Enumerable.Repeat("You describe pictures to people who cannot see them.", 8)));
        ChatPrompt Asking(string question) => new([system, new ChatMessage("user", $"{question}{ChatImage.Marker}") { Images = [red] }]);
        await TestModels.CollectAsync(engine, engine.Render(Asking("Look")), greedy);

        // The same image, but the prompts part before it: appending on top of the shared text could not add the image.
        var other = await TestModels.CollectAsync(engine, engine.Render(Asking("See")), greedy);

        Assert.Equal(0, other.Finished.Usage.CachedTokens);
    }

    private static ChatImage Image(byte[] png) =>
        new(png, "image/png", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(png)), 16, 16);

    private static ChatPrompt Turns(ChatImage image, string? answer = null) => new(
        answer is null
            ? [new ChatMessage("user", $"Look{ChatImage.Marker}") { Images = [image] }]
            : [new ChatMessage("user", $"Look{ChatImage.Marker}") { Images = [image] }, new ChatMessage("assistant", answer), new ChatMessage("user", "And now?")]);
}
