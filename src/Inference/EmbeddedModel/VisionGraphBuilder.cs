using Onnx;
using static Responses.Inference.EmbeddedModel.OnnxGraphBuilder;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Responses.Inference.EmbeddedModel;

/// <summary>
/// The tiny vision model's encoder (vision.onnx): pixel_values [images, 3, side, side] (the processor's resized,
/// normalised channels-first pixels) to image_features [images, 256, hidden]. Each 4x4 block of pixels is averaged
/// into one of 16x16 patches, its colour projected to the hidden size and a position embedding added, so the
/// features carry both what colour sits where and where each patch is: a solid image and a checkerboard differ.
/// </summary>
internal sealed class VisionGraphBuilder(ModelDimensions dims, DeterministicWeights random)
{
    /// <summary>Side of the square the processor resizes every image to.</summary>
    public const int ImageSide = 64;

    /// <summary>Patches per side; <see cref="ImageTokens"/> is its square, the gemma3 processor's fixed 256.</summary>
    public const int PatchesPerSide = 16;

    public const int ImageTokens = PatchesPerSide * PatchesPerSide;

    public const string PixelValues = "pixel_values";
    public const string ImageFeatures = "image_features";

    private readonly OnnxGraphBuilder _graph = new("/vision");

    public ModelProto Build()
    {
        _graph.Input(PixelValues, DataType.Float, "num_images", 3, ImageSide, ImageSide);
        const int block = ImageSide / PatchesPerSide;
        var pooled = _graph.Node("AveragePool", [PixelValues], Attr("kernel_shape", new long[] { block, block }), Attr("strides", new long[] { block, block }));
        // [N, 3, 16, 16] -> [N, 256, 3], patches in row-major order.
        var patches = _graph.Node("Transpose", [_graph.Node("Reshape", [pooled, _graph.Int64s(0, 3, ImageTokens)])], Attr("perm", new long[] { 0, 2, 1 }));
        // Unit-variance colours projected with unit-variance weights give features of the token embeddings' scale.
        var colour = _graph.Node("MatMul", [patches, _graph.Weight("vision.patch_proj.weight", random.Normal(3 * dims.HiddenSize, 1.0), 3, dims.HiddenSize)]);
        _graph.NamedNode("Add", [colour, _graph.Weight("vision.position_embedding", random.Normal(ImageTokens * dims.HiddenSize, 0.5), ImageTokens, dims.HiddenSize)], [ImageFeatures]);
        _graph.Output(ImageFeatures, DataType.Float, "num_images", ImageTokens, dims.HiddenSize);
        return _graph.ToModel();
    }
}
