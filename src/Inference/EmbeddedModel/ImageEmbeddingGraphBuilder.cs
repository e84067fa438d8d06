using Onnx;
using static Responses.Inference.EmbeddedModel.OnnxGraphBuilder;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Responses.Inference.EmbeddedModel;

/// <summary>
/// The tiny vision model's embedding graph (embedding.onnx): input_ids and image_features to inputs_embeds. Each
/// token's row of the embedding table, except that the k-th image soft token of the batch (in row-major order) takes
/// the k-th image feature row, as ORT GenAI's gemma3 pipeline lays the 256 soft tokens of each image in its prompt.
/// </summary>
internal sealed class ImageEmbeddingGraphBuilder(ModelDimensions dims, int vocabSize, int imageSoftTokenId, float[] embeddingTable)
{
    public const string InputIds = "input_ids";

    private readonly OnnxGraphBuilder _graph = new("/embedding");

    public ModelProto Build()
    {
        _graph.Input(InputIds, DataType.Int64, "batch_size", "sequence_length");
        // No shape declared: ORT GenAI hands over [images, 256, hidden] with a prompt's images, and [0, hidden] for
        // the steps after it or for a prompt without any.
        _graph.Graph.Input.Add(ValueInfo(VisionGraphBuilder.ImageFeatures, DataType.Float, null));
        _graph.Output(LlamaGraphBuilder.InputsEmbeds, DataType.Float, "batch_size", "sequence_length", dims.HiddenSize);

        var embeds = _graph.Node("Gather", [_graph.Weight("model.embed_tokens.weight", embeddingTable, vocabSize, dims.HiddenSize), InputIds]);
        var isImage = _graph.Node("Equal", [InputIds, _graph.Int64s(imageSoftTokenId)]);

        // Row 0 is a zero row for every other token; soft token k (counted from 1 over the flattened batch) takes row k.
        var features = _graph.Node("Reshape", [VisionGraphBuilder.ImageFeatures, _graph.Int64s(-1, dims.HiddenSize)]);
        var rows = _graph.Node("Concat", [_graph.Weight("/embedding/zero_row", new float[dims.HiddenSize], 1, dims.HiddenSize), features], Attr("axis", 0L));
        var flatMask = _graph.Node("Cast", [_graph.Node("Reshape", [isImage, _graph.Int64s(-1)])], Attr("to", (long)DataType.Int64));
        var ordinal = _graph.Node("Mul", [_graph.Node("CumSum", [flatMask, _graph.Int64Scalar(0)]), flatMask]);
        // A soft token written in text, with no image behind it, must not index past the features: it reads the last row.
        var available = _graph.Node("Sub", [_graph.Node("Shape", [rows], Attr("start", 0L), Attr("end", 1L)), _graph.Int64s(1)]);
        var index = _graph.Node("Min", [ordinal, available]);
        var mixed = _graph.Node("Reshape", [_graph.Node("Gather", [rows, index]), _graph.Node("Shape", [embeds])]);
        _graph.NamedNode("Where", [_graph.Node("Unsqueeze", [isImage, _graph.Int64s(-1)]), mixed, embeds], [LlamaGraphBuilder.InputsEmbeds]);
        return _graph.ToModel();
    }
}
