using static Responses.Inference.EmbeddedModel.OnnxGraphBuilder;

namespace Responses.Inference.EmbeddedModel;

/// <summary>
/// Attention for a decode step (one new token per sequence, a cache behind it) through ORT's GroupQueryAttention
/// kernel. It attends each (row, head) over exactly that row's own keys, in one multithreaded node, without the
/// copies of a KV-head repeat, so a batch of N rows costs one weight read and N small attentions, and every row
/// computes what it would alone: the kernel's reductions never see another row or any padding.
/// Prefill stays on <see cref="PrefillAttentionBuilder"/>: GQA sizes its score buffer to the whole query block.
/// </summary>
/// <remarks>
/// The KV buffers are shared between past and present (max_length long, bound to the same memory), so the kernel
/// writes the new key in place. It reads a row's first seqlens_k cached keys and writes its new key right after
/// them, so the cache holds every row's real keys first. ORT GenAI pads a shorter prompt of a batch on the right,
/// and a batch's prefill fills the buffers from slot 0, so that holds from the first step; ORT GenAI's attention
/// mask still marks the padding where it was, and only its row sums (each row's real length) are read here.
/// </remarks>
internal static class DecodeAttentionBuilder
{
    /// <param name="query">[B, 1, heads, head], rotated and already scaled.</param>
    /// <param name="key">[B, 1, kv_heads, head], rotated.</param>
    /// <param name="value">[B, 1, kv_heads*head].</param>
    /// <returns>The attention context [B, 1, heads*head] and the present key and value buffers.</returns>
    public static (string Context, string PresentKey, string PresentValue) Build(
        OnnxGraphBuilder graph, ModelDimensions dims, AttentionInputs inputs, string query, string key, string value, string pastKey, string pastValue)
    {
        var flatQuery = graph.Node("Reshape", [query, graph.Int64s(0, 0, dims.HiddenSize)]);
        var flatKey = graph.Node("Reshape", [key, graph.Int64s(0, 0, dims.KeyValueSize)]);
        var outputs = graph.NodeIn(MicrosoftDomain, "GroupQueryAttention", [flatQuery, flatKey, value, pastKey, pastValue, inputs.SeqlensK, inputs.TotalLength], 3,
            Attr("num_heads", (long)dims.AttentionHeads),
            Attr("kv_num_heads", (long)dims.KeyValueHeads),
            Attr("scale", 1f)); // the 1/sqrt(head) factor is folded into q_proj
        return (outputs[0], outputs[1], outputs[2]);
    }
}
