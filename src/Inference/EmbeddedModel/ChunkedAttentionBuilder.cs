using static Responses.Inference.EmbeddedModel.OnnxGraphBuilder;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Responses.Inference.EmbeddedModel;

/// <summary>
/// Causal attention over the KV cache, evaluated in blocks of query rows inside an ONNX Loop.
/// Why not a contrib op: on CPU, MultiHeadAttention/GroupQueryAttention materialise
/// batch*heads*S*T scores in one buffer (GQA even sizes T to max_length when sharing the KV buffer),
/// which is gigabytes for a 10k-token prompt; MHA's flash path excludes causal masks and past KV.
/// Blocking the rows keeps the score buffer at heads*chunk*T while ORT still runs plain MatMul/Softmax.
/// </summary>
internal static class ChunkedAttentionBuilder
{
    /// <summary>Values every layer's attention shares; built once per graph.</summary>
    internal sealed record SharedInputs(
        string TripCount,        // int64 scalar: number of query blocks
        string QueryLength,      // int64 scalar: S
        string PastLength,       // int64 scalar: P
        string KeyPositions,     // int64 [T]: 0..T-1
        string PaddingBias);     // float [B,1,1,T]: 0 for real tokens, large negative for padding

    /// <summary>
    /// Returns the attention context [B, heads, S, head] for queries [B, heads, S, head] (already scaled)
    /// against transposed keys [B, heads, head, T] and values [B, heads, T, head].
    /// </summary>
    public static string Build(OnnxGraphBuilder outer, ModelDimensions dims, SharedInputs shared, string query, string keysTransposed, string values, int layer)
    {
        var body = new OnnxGraphBuilder($"/model/layers.{layer}/attn/block");
        const string iteration = "iteration";
        const string conditionIn = "condition_in";
        const string accumulatedIn = "accumulated_in";
        body.Graph.Input.Add(ValueInfo(iteration, DataType.Int64, []));
        body.Graph.Input.Add(ValueInfo(conditionIn, DataType.Bool, []));
        body.Graph.Input.Add(ValueInfo(accumulatedIn, DataType.Float, ["batch_size", dims.AttentionHeads, "done", dims.HeadSize]));

        var start = body.Node("Mul", [iteration, body.Int64Scalar(dims.AttentionChunk)]);
        var end = body.Node("Min", [body.Node("Add", [start, body.Int64Scalar(dims.AttentionChunk)]), shared.QueryLength]);
        var axis0 = body.Int64s(0);
        var queryBlock = body.Node("Slice", [query, body.Node("Unsqueeze", [start, axis0]), body.Node("Unsqueeze", [end, axis0]), body.Int64s(2)]);
        var scores = body.Node("MatMul", [queryBlock, keysTransposed]);

        // Query row r sits at absolute cache index P + r and may see keys at indices <= that.
        var rowPositions = body.Node("Add", [body.Node("Range", [start, end, body.Int64Scalar(1)]), shared.PastLength]);
        var visible = body.Node("LessOrEqual", [shared.KeyPositions, body.Node("Unsqueeze", [rowPositions, body.Int64s(1)])]);
        var causalBias = body.Node("Where", [visible, body.FloatScalar(0f), body.FloatScalar(-1e9f)]);
        var bias = body.Node("Add", [causalBias, shared.PaddingBias]);
        var probabilities = body.Node("Softmax", [body.Node("Add", [scores, bias])], Attr("axis", -1L));
        var context = body.Node("MatMul", [probabilities, values]);

        // Growing a loop-carried tensor keeps the row order without padding S to a chunk multiple.
        var accumulatedOut = body.Node("Concat", [accumulatedIn, context], Attr("axis", 2L));
        var conditionOut = body.Node("Identity", [conditionIn]);
        body.Graph.Output.Add(ValueInfo(conditionOut, DataType.Bool, []));
        body.Graph.Output.Add(ValueInfo(accumulatedOut, DataType.Float, ["batch_size", dims.AttentionHeads, "done_next", dims.HeadSize]));

        var empty = outer.Node("Slice", [query, outer.Int64s(0), outer.Int64s(0), outer.Int64s(2)]);
        return outer.Node("Loop", [shared.TripCount, string.Empty, empty], Attr("body", body.Graph));
    }
}
