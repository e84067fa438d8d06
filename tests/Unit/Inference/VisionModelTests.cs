using Onnx;
using Responses.Inference.EmbeddedModel;

namespace Responses.Tests.Unit.Inference;

/// <summary>The tiny vision model the project writes: an ORT GenAI gemma3 folder, the same bytes on every write.</summary>
public sealed class VisionModelTests
{
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
}
