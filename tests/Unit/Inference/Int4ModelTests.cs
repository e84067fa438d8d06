using Onnx;
using Responses.Inference;
using Responses.Inference.EmbeddedModel;

namespace Responses.Tests.Unit.Inference;

/// <summary>
/// The writer's int4 precision (what the published CPU models hold): MatMulNBits projections that ONNX Runtime runs,
/// on the embedded model's dimensions so the test takes a second.
/// </summary>
public sealed class Int4ModelTests
{
    [Fact]
    public async Task The_int4_model_uses_MatMulNBits_for_every_projection_and_generates()
    {
        var folder = new EmbeddedModelWriter(ModelDimensions.Default, "responses-test-int4", WeightPrecision.Int4)
            .EnsureWritten(Path.Combine(Path.GetTempPath(), "responses-tests", "int4-model"));

        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(folder, "model.onnx"))).Graph;
        var quantized = graph.Node.Where(node => node.OpType == "MatMulNBits").ToList();
        // q, k, v, o and gate, up, down in each layer.
        Assert.Equal(7 * ModelDimensions.Default.Layers, quantized.Count);
        Assert.All(quantized, node => Assert.Equal(32, node.Attribute.Single(a => a.Name == "block_size").I));
        Assert.DoesNotContain(graph.Initializer, tensor => tensor.Name.EndsWith("proj.weight", StringComparison.Ordinal));

        using var model = TestModels.LoadFolder(folder, "responses-test-int4");
        var prompt = model.Render(TestModels.UserSays("Tell me about the sea."));
        var (text, finished, _) = await TestModels.CollectAsync(model, prompt, new SamplingSettings(MaxOutputTokens: 16, Temperature: 0, TopP: 1));
        Assert.NotEmpty(text);
        Assert.InRange(finished.Usage.OutputTokens, 1, 16);
    }

    [Fact]
    public void A_block_is_quantized_symmetrically_with_every_weight_within_half_a_step()
    {
        var random = new Random(7);
        var weights = Enumerable.Range(0, 64 * 3).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var (packed, scales) = Int4Weights.Quantize(weights, k: 64, n: 3);

        Assert.Equal(3 * 2 * 16, packed.Length);
        for (var k = 0; k < 64; k++)
        {
            for (var n = 0; n < 3; n++)
            {
                var blob = (n * 2 + k / 32) * 16 + k % 32 / 2;
                var q = k % 2 == 0 ? packed[blob] & 0xF : packed[blob] >> 4;
                var scale = scales[n * 2 + k / 32];
                Assert.InRange(weights[k * 3 + n] - (q - 8) * scale, -scale / 2 - 1e-6f, scale / 2 + 1e-6f);
            }
        }
    }
}
