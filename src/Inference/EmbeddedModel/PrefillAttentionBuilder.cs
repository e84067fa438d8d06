using static Responses.Inference.EmbeddedModel.OnnxGraphBuilder;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Responses.Inference.EmbeddedModel;

/// <summary>
/// A prefill step's attention (more than one new token per row): writes the new keys and values into the layer's
/// shared KV buffers and attends causally over the slots in use, in blocks of query rows inside an ONNX Loop.
/// Decode steps go through <see cref="DecodeAttentionBuilder"/>.
/// Why not a contrib op here: on CPU, MultiHeadAttention/GroupQueryAttention materialise
/// batch*heads*S*T scores in one buffer (GQA even sizes T to max_length when sharing the KV buffer),
/// which is gigabytes for a 10k-token prompt; MHA's flash path excludes causal masks and past KV.
/// Blocking the rows keeps the score buffer at heads*chunk*T while ORT still runs plain MatMul/Softmax.
/// </summary>
internal static class PrefillAttentionBuilder
{
    /// <param name="query">[B, S, heads, head], rotated and already scaled.</param>
    /// <param name="key">[B, S, kv_heads, head], rotated.</param>
    /// <param name="value">[B, S, kv_heads*head].</param>
    /// <returns>The attention context [B, S, heads*head] and the present key and value buffers.</returns>
    public static (string Context, string PresentKey, string PresentValue) Build(
        OnnxGraphBuilder graph, ModelDimensions dims, AttentionInputs inputs, string query, string key, string value, string pastKey, string pastValue, int layer)
    {
        var toHeadMajor = Attr("perm", new long[] { 0, 2, 1, 3 });
        // ORT GenAI binds the present buffer to the past buffer's memory, so the scatter writes the new slots in place.
        var slots = NewSlots(graph, dims, inputs);
        var presentKey = graph.Node("ScatterND", [pastKey, slots, graph.Node("Transpose", [key], toHeadMajor)]);
        var valueHeads = graph.Node("Reshape", [value, graph.Int64s(0, 0, dims.KeyValueHeads, dims.HeadSize)]);
        var presentValue = graph.Node("ScatterND", [pastValue, slots, graph.Node("Transpose", [valueHeads], toHeadMajor)]);

        var inUse = graph.Node("Unsqueeze", [graph.Node("Add", [inputs.PastLength, inputs.QueryLength]), graph.Int64s(0)]);
        var keys = graph.Node("Slice", [presentKey, graph.Int64s(0), inUse, graph.Int64s(2)]);
        var values = graph.Node("Slice", [presentValue, graph.Int64s(0), inUse, graph.Int64s(2)]);
        var keysTransposed = graph.Node("Transpose", [RepeatKeyValueHeads(graph, dims, keys)], Attr("perm", new long[] { 0, 1, 3, 2 }));
        var context = Attend(graph, dims, inputs, graph.Node("Transpose", [query], toHeadMajor), keysTransposed, RepeatKeyValueHeads(graph, dims, values), layer);
        var merged = graph.Node("Reshape", [graph.Node("Transpose", [context], toHeadMajor), graph.Int64s(0, 0, dims.HiddenSize)]);
        return (merged, presentKey, presentValue);
    }

    /// <summary>ScatterND indices [B, kv_heads, S, 3] of the new tokens' cache slots: (b, h, P + s).</summary>
    private static string NewSlots(OnnxGraphBuilder graph, ModelDimensions dims, AttentionInputs inputs)
    {
        var batch = graph.Node("Shape", [inputs.TokenInput], Attr("start", 0L), Attr("end", 1L));
        var shape = graph.Node("Concat", [batch, graph.Int64s(dims.KeyValueHeads), graph.Node("Unsqueeze", [inputs.QueryLength, graph.Int64s(0)]), graph.Int64s(1)], Attr("axis", 0L));
        string Axis(string range, long[] at) => graph.Node("Expand", [graph.Node("Reshape", [range, graph.Int64s(at)]), shape]);
        var rows = Axis(graph.Node("Range", [graph.Int64Scalar(0), graph.Node("Squeeze", [batch, graph.Int64s(0)]), graph.Int64Scalar(1)]), [-1, 1, 1, 1]);
        var heads = Axis(graph.Node("Range", [graph.Int64Scalar(0), graph.Int64Scalar(dims.KeyValueHeads), graph.Int64Scalar(1)]), [1, -1, 1, 1]);
        var positions = Axis(graph.Node("Range", [inputs.PastLength, graph.Node("Add", [inputs.PastLength, inputs.QueryLength]), graph.Int64Scalar(1)]), [1, 1, -1, 1]);
        return graph.Node("Concat", [rows, heads, positions], Attr("axis", 3L));
    }

    /// <summary>Grouped-query attention: each KV head serves HeadsPerKeyValue consecutive query heads.</summary>
    private static string RepeatKeyValueHeads(OnnxGraphBuilder graph, ModelDimensions dims, string cache)
    {
        var grouped = graph.Node("Expand", [graph.Node("Unsqueeze", [cache, graph.Int64s(2)]), graph.Int64s(1, 1, dims.HeadsPerKeyValue, 1, 1)]);
        return graph.Node("Reshape", [grouped, graph.Int64s(0, dims.AttentionHeads, -1, dims.HeadSize)]);
    }

    /// <summary>
    /// Returns the attention context [B, heads, S, head] for queries [B, heads, S, head] (already scaled)
    /// against transposed keys [B, heads, head, T] and values [B, heads, T, head].
    /// </summary>
    private static string Attend(OnnxGraphBuilder outer, ModelDimensions dims, AttentionInputs shared, string query, string keysTransposed, string values, int layer)
    {
        // One sequence (ORT GenAI never pads it) attends over the whole cache; a batch goes row by row.
        var alone = new OnnxGraphBuilder($"/model/layers.{layer}/attn/alone");
        var total = alone.Node("Add", [shared.QueryLength, shared.PastLength]);
        var allKeys = alone.Node("Range", [alone.Int64Scalar(0), total, alone.Int64Scalar(1)]);
        Result(alone, dims, BuildChunks(alone, dims, shared, allKeys, query, keysTransposed, values, $"/model/layers.{layer}/attn/block"));
        var rows = new OnnxGraphBuilder($"/model/layers.{layer}/attn/rows");
        Result(rows, dims, BuildRows(rows, dims, shared, query, keysTransposed, values, layer));

        var batch = outer.Node("Squeeze", [outer.Node("Shape", [query], Attr("start", 0L), Attr("end", 1L)), outer.Int64s(0)]);
        var single = outer.Node("Equal", [batch, outer.Int64Scalar(1)]);
        return outer.Node("If", [single], Attr("then_branch", alone.Graph), Attr("else_branch", rows.Graph));
    }

    private static void Result(OnnxGraphBuilder branch, ModelDimensions dims, string context) =>
        branch.Graph.Output.Add(ValueInfo(context, DataType.Float, ["batch_size", dims.AttentionHeads, "sequence_length", dims.HeadSize]));

    private static string BuildRows(OnnxGraphBuilder outer, ModelDimensions dims, AttentionInputs shared, string query, string keysTransposed, string values, int layer)
    {
        // One sequence at a time, over its real keys only (gathered by its attention mask): a padded row of a batch
        // then reduces (softmax, the weighted sum of values) over exactly the arrays it would have alone, so batching
        // cannot change a bit of its logits. Over the whole padded width the same sums run in another order and round
        // differently, which flips greedy picks between near-tied tokens.
        var row = new OnnxGraphBuilder($"/model/layers.{layer}/attn/row");
        const string rowIndex = "row";
        const string rowConditionIn = "row_condition_in";
        const string rowsIn = "rows_in";
        row.Graph.Input.Add(ValueInfo(rowIndex, DataType.Int64, []));
        row.Graph.Input.Add(ValueInfo(rowConditionIn, DataType.Bool, []));
        row.Graph.Input.Add(ValueInfo(rowsIn, DataType.Float, ["done_rows", dims.AttentionHeads, "sequence_length", dims.HeadSize]));

        var axis0 = row.Int64s(0);
        var first = row.Node("Unsqueeze", [rowIndex, axis0]);
        var next = row.Node("Add", [first, row.Int64s(1)]);
        // The row's real key indices, in order (padding may sit left or right of them, or between prompt and output).
        var mask = row.Node("Reshape", [row.Node("Slice", [shared.AttentionMask, first, next, axis0]), row.Int64s(-1)]);
        var real = row.Node("Reshape", [row.Node("NonZero", [mask]), row.Int64s(-1)]);
        var rowContext = BuildChunks(row, dims, shared, real,
            row.Node("Slice", [query, first, next, axis0]),
            row.Node("Gather", [row.Node("Slice", [keysTransposed, first, next, axis0]), real], Attr("axis", 3L)),
            row.Node("Gather", [row.Node("Slice", [values, first, next, axis0]), real], Attr("axis", 2L)),
            $"/model/layers.{layer}/attn/row_block");
        var rowsOut = row.Node("Concat", [rowsIn, rowContext], Attr("axis", 0L));
        var rowConditionOut = row.Node("Identity", [rowConditionIn]);
        row.Graph.Output.Add(ValueInfo(rowConditionOut, DataType.Bool, []));
        row.Graph.Output.Add(ValueInfo(rowsOut, DataType.Float, ["done_rows_next", dims.AttentionHeads, "sequence_length", dims.HeadSize]));

        var batch = outer.Node("Squeeze", [outer.Node("Shape", [query], Attr("start", 0L), Attr("end", 1L)), outer.Int64s(0)]);
        var none = outer.Node("Slice", [query, outer.Int64s(0), outer.Int64s(0), outer.Int64s(0)]);
        return outer.Node("Loop", [batch, string.Empty, none], Attr("body", row.Graph));
    }

    /// <param name="keyPositions">int64 [K]: the cache index of each of the row's keys.</param>
    private static string BuildChunks(OnnxGraphBuilder outer, ModelDimensions dims, AttentionInputs shared, string keyPositions, string query, string keysTransposed, string values, string scope)
    {
        var body = new OnnxGraphBuilder(scope);
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
        var visible = body.Node("LessOrEqual", [keyPositions, body.Node("Unsqueeze", [rowPositions, body.Int64s(1)])]);
        var bias = body.Node("Where", [visible, body.FloatScalar(0f), body.FloatScalar(-1e9f)]);
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
