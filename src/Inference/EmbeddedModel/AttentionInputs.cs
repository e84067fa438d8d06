using static Responses.Inference.EmbeddedModel.OnnxGraphBuilder;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Responses.Inference.EmbeddedModel;

/// <summary>Values every layer's attention shares; built once per graph.</summary>
internal sealed record AttentionInputs(
    string TripCount,        // int64 scalar: number of prefill query blocks
    string QueryLength,      // int64 scalar: S
    string PastLength,       // int64 scalar: P
    string AttentionMask,    // int64 [B,T]: 1 for real tokens, 0 for padding
    string Decoding,         // bool scalar: one new token per row over a non-empty cache
    string SeqlensK,         // int32 [B]: each row's real length (its mask's sum, new tokens included) - 1
    string TotalLength,      // int32 scalar: T, the mask's width
    string TokenInput)       // the graph input shaped [B, S, ...] (input_ids, or inputs_embeds of a vision model's decoder)
{
    /// <summary>An attention branch's outputs: the context [B, S, hidden] and the present key and value buffers.</summary>
    public static void DeclareResults(OnnxGraphBuilder branch, ModelDimensions dims, string context, string presentKey, string presentValue)
    {
        branch.Graph.Output.Add(ValueInfo(context, DataType.Float, ["batch_size", "sequence_length", dims.HiddenSize]));
        branch.Graph.Output.Add(ValueInfo(presentKey, DataType.Float, ["batch_size", dims.KeyValueHeads, "max_length", dims.HeadSize]));
        branch.Graph.Output.Add(ValueInfo(presentValue, DataType.Float, ["batch_size", dims.KeyValueHeads, "max_length", dims.HeadSize]));
    }
}
