using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Onnx;

namespace Responses.Inference.Ort;

/// <summary>
/// Repairs the causal-mask subgraph that ORT GenAI's model builder emits for MultiHeadAttention exports
/// (<c>/model/attn_mask_reformat/input_ids_subgraph</c>), so that a generator can append several tokens on top of
/// a KV cache: chunked prefill, and a prompt cache that rewinds and appends the rest of a longer prompt.
/// </summary>
/// <remarks>
/// The builder makes the causal part of the additive attention mask as a square <c>[S, S]</c> lower triangle
/// (S = tokens in this run) and <c>Expand</c>s it to <c>[B, 1, S, past + S]</c>. ONNX broadcasting only stretches
/// a dimension of size 1, so that works on an empty cache (past = 0) and for one token at a time (S = 1), which is
/// all the builder's own generation loop ever does, and fails with "invalid expand shape" for any other append.
/// The rewrite builds the rectangle <c>[S, past + S]</c> directly: query row i sits at absolute position past + i
/// and sees every key up to it. For past = 0 or S = 1 that is the same values as before, so the runs that already
/// worked give bit-identical logits. Every MultiHeadAttention export of the builder has the pattern (the subgraph
/// is unchanged from February 2024 to today); GroupQueryAttention exports derive seqlens_k and
/// total_sequence_length from the attention mask instead and never match.
/// </remarks>
internal static class AttentionMaskRewrite
{
    private const string Prefix = "/model/attn_mask_reformat/causal_mask_rewrite";

    /// <summary>
    /// A builder graph with external weights is kilobytes to a few megabytes. A bigger file embeds its weights:
    /// parsing it would hold them in memory a second time at startup.
    /// </summary>
    private const long MaxGraphBytes = 256L << 20;

    /// <summary>
    /// The decoder graph of <paramref name="folder"/> with its causal masks repaired, for ORT GenAI to load from memory
    /// in place of the file (<c>Config.AddModelData</c>: the weights are still read from the folder); null when the
    /// graph needs no rewrite or cannot be read (the folder then loads as it is, and the load's probes say what works).
    /// </summary>
    public static byte[]? RewrittenGraph(string folder, string graphFile, ILogger logger, out string description)
    {
        description = string.Empty;
        try
        {
            var path = Path.Combine(folder, graphFile);
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxGraphBytes)
                return null;
            // Parses the graph only: initializers keep their external_data entries, so the weights stay on disk.
            ModelProto model;
            using (var stream = File.OpenRead(path))
                model = ModelProto.Parser.ParseFrom(stream);
            return TryRewrite(model, out description) ? model.ToByteArray() : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidProtocolBufferException)
        {
            logger.LogWarning(ex, "Could not read the decoder graph of {Folder} to check its causal mask; loading it as it is.", folder);
            return null;
        }
    }

    /// <summary>
    /// Rewrites every causal mask of the builder's faulty shape. Returns false, with the model untouched, when the
    /// graph has none (GroupQueryAttention exports, other exporters, a graph rewritten already).
    /// </summary>
    public static bool TryRewrite(ModelProto model, out string description)
    {
        description = string.Empty;
        var graph = model.Graph;
        // Unsqueeze takes its axes as an input from opset 13 and LessOrEqual exists from 12; the builder writes 14+.
        if (graph is null || DefaultOpset(model) < 13 || graph.Node.Any(n => n.Name.StartsWith(Prefix, StringComparison.Ordinal)))
            return false;

        var producers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
            foreach (var output in node.Output.Where(o => o.Length > 0))
                producers[output] = node;
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);

        var matches = graph.Node
            .Where(n => n.OpType == "Expand" && IsDefaultDomain(n))
            .Select(expand => (Expand: expand, Where: MatchSquareCausalMask(expand, producers, initializers)))
            .Where(m => m.Where is not null)
            .ToList();
        if (matches.Count == 0)
            return false;

        var uses = CountUses(graph);
        var added = 0;
        var removed = 0;
        for (var i = 0; i < matches.Count; i++)
        {
            var (expand, where) = matches[i];
            var fill = FillValue(producers[where!.Input[2]])!;
            var nodes = RectangularCausalMask(i == 0 ? Prefix : $"{Prefix}_{i}", expand.Input[1], where.Input[1], fill, out var mask);

            // Right before the Expand: its shape input and the old Where's zero are produced earlier, so the node
            // list stays topologically sorted, as ONNX requires.
            var at = graph.Node.IndexOf(expand);
            for (var k = 0; k < nodes.Count; k++)
            {
                graph.Node.Insert(at + k, nodes[k]);
                foreach (var input in nodes[k].Input)
                    uses[input] = uses.GetValueOrDefault(input) + 1;
            }
            added += nodes.Count;

            var square = expand.Input[0];
            expand.Input[0] = mask;
            uses[mask] = 1;
            uses[square]--;
            removed += RemoveIfUnused(graph, square, producers, uses);
        }

        description = $"causal mask of {string.Join(", ", matches.Select(m => m.Expand.Name))}: a square [S,S] triangle broadcast to " +
            "[B,1,S,past+S] (fails for a multi-token append on a KV cache) replaced by an [S,past+S] triangle offset by the cache length " +
            $"(+{added} nodes, -{removed} nodes)";
        return true;
    }

    /// <summary>
    /// Follows Expand ← Unsqueeze(axis 1) ← Unsqueeze(axis 0) ← Where(Less(Range, Reshape(Range + 1)), zero, ConstantOfShape(min))
    /// and returns the Where; null when the Expand is anything else.
    /// </summary>
    private static NodeProto? MatchSquareCausalMask(NodeProto expand, Dictionary<string, NodeProto> producers, Dictionary<string, TensorProto> initializers)
    {
        NodeProto? From(NodeProto? node, int input, string opType) =>
            node is not null && node.Input.Count > input && producers.TryGetValue(node.Input[input], out var p) && p.OpType == opType && IsDefaultDomain(p) ? p : null;

        var outer = From(expand, 0, "Unsqueeze");
        var inner = From(outer, 0, "Unsqueeze");
        var where = From(inner, 0, "Where");
        var less = From(where, 0, "Less");
        var range = From(less, 0, "Range");
        var plusOne = From(From(less, 1, "Reshape"), 0, "Add");
        var fill = From(where, 2, "ConstantOfShape");
        if (expand.Input.Count != 2 || where is null || range is null || plusOne is null || fill is null || FillValue(fill) is null)
            return null;
        // Rows and columns counted by the same Range is what makes the triangle square.
        if (!plusOne.Input.Contains(range.Output[0]))
            return null;
        // Axis 0 then axis 1 in front of the mask mean it is [1, 1, S, S]; anything else is another graph.
        if (!AxesAre(inner!, [0], producers, initializers) || !AxesAre(outer!, [1], producers, initializers))
            return null;
        return where;
    }

    /// <summary>
    /// Nodes computing the causal mask for <c>[B, 1, S, K]</c> = <paramref name="targetShape"/>: entry (i, j) is
    /// <paramref name="zero"/> when key j is at or before query i's absolute position K - S + i, else the fill value.
    /// The sizes come from the Expand's own target rather than from the attention_mask input, so the rewrite needs
    /// no input names and yields exactly the shape the rest of the graph already expects.
    /// </summary>
    private static List<NodeProto> RectangularCausalMask(string prefix, string targetShape, string zero, TensorProto fillValue, out string mask)
    {
        var nodes = new List<NodeProto>();
        string Node(string name, string opType, string[] inputs, params AttributeProto[] attributes)
        {
            var node = new NodeProto { Name = $"{prefix}/{name}", OpType = opType };
            node.Input.AddRange(inputs);
            node.Output.Add($"{prefix}/{name}/output_0");
            node.Attribute.AddRange(attributes);
            nodes.Add(node);
            return node.Output[0];
        }
        string Constant(string name, TensorProto value) =>
            Node(name, "Constant", [], new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = value });
        string Int64s(string name, long[] values, params long[] dims)
        {
            var tensor = new TensorProto { DataType = (int)TensorProto.Types.DataType.Int64 };
            tensor.Dims.AddRange(dims);
            tensor.Int64Data.AddRange(values);
            return Constant(name, tensor);
        }
        var axis0 = new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 0 };

        var start = Int64s("Zero", [0]);
        var step = Int64s("One", [1]);
        var queries = Node("Queries", "Gather", [targetShape, Int64s("QueryAxis", [2])], axis0);
        var keys = Node("Keys", "Gather", [targetShape, Int64s("KeyAxis", [3])], axis0);
        // Keys already in the cache: the first query of this run sits at that absolute position.
        var past = Node("Past", "Sub", [keys, queries]);
        var keyPositions = Node("KeyPositions", "Range", [start, keys, step]);
        var queryRows = Node("QueryRows", "Range", [start, queries, step]);
        var queryPositions = Node("QueryPositions", "Add", [queryRows, past]);
        var queryColumn = Node("QueryColumn", "Unsqueeze", [queryPositions, Int64s("ColumnAxis", [1], 1)]);
        var visible = Node("Visible", "LessOrEqual", [keyPositions, queryColumn]);
        var rectangle = Node("Mask", "Where", [visible, zero, Constant("Fill", fillValue.Clone())]);
        mask = Node("Mask4D", "Unsqueeze", [rectangle, Int64s("BatchHeadAxes", [0, 1], 2)]);
        return nodes;
    }

    /// <summary>
    /// Removes the producer of <paramref name="value"/> when nothing reads it any more, then its inputs' producers
    /// likewise. Only the chain the rewrite disconnected goes; dead nodes elsewhere are not this rewrite's business.
    /// </summary>
    private static int RemoveIfUnused(GraphProto graph, string value, Dictionary<string, NodeProto> producers, Dictionary<string, int> uses)
    {
        var removed = 0;
        var pending = new Stack<string>([value]);
        while (pending.TryPop(out var name))
        {
            if (!producers.TryGetValue(name, out var node) || node.Output.Any(o => uses.GetValueOrDefault(o) > 0))
                continue;
            graph.Node.Remove(node);
            removed++;
            foreach (var output in node.Output)
            {
                producers.Remove(output);
                var info = graph.ValueInfo.FirstOrDefault(v => v.Name == output);
                if (info is not null)
                    graph.ValueInfo.Remove(info);
            }
            foreach (var input in node.Input.Where(i => i.Length > 0))
            {
                uses[input] = uses.GetValueOrDefault(input) - 1;
                pending.Push(input);
            }
        }
        return removed;
    }

    /// <summary>
    /// How many times each value is read. Reads inside If/Loop/Scan bodies count too: a body may name an outer
    /// value directly, and removing its producer would break the graph.
    /// </summary>
    private static Dictionary<string, int> CountUses(GraphProto graph)
    {
        var uses = new Dictionary<string, int>(StringComparer.Ordinal);
        void Count(GraphProto g)
        {
            foreach (var node in g.Node)
            {
                foreach (var input in node.Input.Where(i => i.Length > 0))
                    uses[input] = uses.GetValueOrDefault(input) + 1;
                foreach (var attribute in node.Attribute)
                {
                    if (attribute.G is not null)
                        Count(attribute.G);
                    foreach (var body in attribute.Graphs)
                        Count(body);
                }
            }
            foreach (var output in g.Output)
                uses[output.Name] = uses.GetValueOrDefault(output.Name) + 1;
        }
        Count(graph);
        return uses;
    }

    private static bool AxesAre(NodeProto unsqueeze, long[] expected, Dictionary<string, NodeProto> producers, Dictionary<string, TensorProto> initializers)
    {
        if (unsqueeze.Input.Count < 2)
            return false;
        var name = unsqueeze.Input[1];
        var tensor = initializers.GetValueOrDefault(name)
            ?? (producers.TryGetValue(name, out var p) && p.OpType == "Constant" ? p.Attribute.FirstOrDefault(a => a.Name == "value")?.T : null);
        if (tensor is null || tensor.DataType != (int)TensorProto.Types.DataType.Int64 || tensor.DataLocation == TensorProto.Types.DataLocation.External)
            return false;
        var values = tensor.Int64Data.Count > 0
            ? tensor.Int64Data.ToArray()
            : Enumerable.Range(0, tensor.RawData.Length / sizeof(long)).Select(i => BitConverter.ToInt64(tensor.RawData.Span.Slice(i * sizeof(long), sizeof(long)))).ToArray();
        return values.SequenceEqual(expected);
    }

    /// <summary>The one-element "minus infinity" the builder fills masked positions with, in the graph's float type.</summary>
    private static TensorProto? FillValue(NodeProto constantOfShape)
    {
        var value = constantOfShape.Attribute.FirstOrDefault(a => a.Name == "value")?.T;
        return value is not null && value.Dims.Aggregate(1L, (a, d) => a * d) == 1 ? value : null;
    }

    private static bool IsDefaultDomain(NodeProto node) => node.Domain is "" or "ai.onnx";

    private static long DefaultOpset(ModelProto model) =>
        model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")?.Version ?? 0;

}
