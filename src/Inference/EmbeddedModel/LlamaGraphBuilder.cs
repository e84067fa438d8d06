using Onnx;
using static Responses.Inference.EmbeddedModel.OnnxGraphBuilder;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Responses.Inference.EmbeddedModel;

/// <summary>
/// Builds the decoder graph with the inputs and outputs ORT GenAI's "llama" model type drives:
/// input_ids, attention_mask, position_ids and past_key_values.N.key/value in, logits and
/// present.N.key/value out, with the KV cache in [batch, kv_heads, sequence, head] layout.
/// With <paramref name="embeddingsInput"/> it is a multimodal pipeline's decoder: inputs_embeds [batch, sequence, hidden]
/// come in instead of input_ids, and the token table it would have gathered from is left to the embedding graph
/// (<see cref="EmbeddingTable"/>), which mixes image features into it. <paramref name="contextWeight"/> scales the
/// LM head's weights against its fixed bias: above 1 the context (an image) sways the greedy pick more.
/// </summary>
internal sealed class LlamaGraphBuilder(ModelDimensions dims, int vocabSize, int endOfReplyId, float[] outputBias, WeightPrecision precision = WeightPrecision.Fp32, bool embeddingsInput = false, double contextWeight = 1.0)
{
    public const string InputsEmbeds = "inputs_embeds";

    private readonly OnnxGraphBuilder _graph = new("/model");
    private readonly DeterministicWeights _random = new(dims.Seed);
    private int _rotateCount;

    public static string PastKey(int layer) => $"past_key_values.{layer}.key";

    public static string PastValue(int layer) => $"past_key_values.{layer}.value";

    public static string PresentKey(int layer) => $"present.{layer}.key";

    public static string PresentValue(int layer) => $"present.{layer}.value";

    private string TokenInput => embeddingsInput ? InputsEmbeds : "input_ids";

    /// <summary>The token embeddings [vocab, hidden] drawn by <see cref="Build"/> when the graph takes inputs_embeds.</summary>
    public float[]? EmbeddingTable { get; private set; }

    public ModelProto Build()
    {
        DeclareInputsAndOutputs();
        // Drawn first either way, so the layers' weights are the same random draws in both forms.
        var table = _random.Normal(vocabSize * dims.HiddenSize, 1.0);
        string hidden;
        if (embeddingsInput)
        {
            EmbeddingTable = table;
            hidden = InputsEmbeds;
        }
        else
        {
            hidden = _graph.Node("Gather", [_graph.Weight("model.embed_tokens.weight", table, vocabSize, dims.HiddenSize), "input_ids"]);
        }

        var (cos, sin) = RotaryTables();
        var shared = SharedAttentionInputs();

        var normed = _graph.Node("SimplifiedLayerNormalization", [hidden, NormWeight("model.layers.0.input_layernorm.weight")], Attr("axis", -1L), Attr("epsilon", dims.RmsEpsilon));
        var residual = hidden;
        for (var layer = 0; layer < dims.Layers; layer++)
        {
            var attention = Attention(normed, layer, cos, sin, shared);
            (normed, residual) = SkipNorm(attention, residual, $"model.layers.{layer}.post_attention_layernorm.weight");
            var mlp = Mlp(normed, layer);
            var nextNorm = layer + 1 < dims.Layers ? $"model.layers.{layer + 1}.input_layernorm.weight" : "model.norm.weight";
            (normed, residual) = SkipNorm(mlp, residual, nextNorm);
        }

        // Logit noise std ~1 keeps the fixed bias (text-like tokens, tuned EOS rate) in charge while
        // the context still nudges which token wins.
        var lmHeadWeights = _random.Normal(dims.HiddenSize * vocabSize, contextWeight / Math.Sqrt(dims.HiddenSize));
        for (var row = 0; row < dims.HiddenSize; row++)
        {
            // A context-independent EOS logit keeps the stop rate per step constant, so reply lengths
            // follow the tuned geometric distribution instead of stalling or ending at once in some contexts.
            lmHeadWeights[row * vocabSize + endOfReplyId] = 0f;
        }

        var lmHead = _graph.Weight("lm_head.weight", lmHeadWeights, dims.HiddenSize, vocabSize);
        var projected = _graph.Node("MatMul", [normed, lmHead]);
        _graph.NamedNode("Add", [projected, _graph.Weight("lm_head.bias", outputBias, vocabSize)], ["logits"]);

        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "responses-embedded-model",
            Graph = _graph.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 17 });
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        return model;
    }

    private void DeclareInputsAndOutputs()
    {
        if (embeddingsInput)
        {
            _graph.Input(InputsEmbeds, DataType.Float, "batch_size", "sequence_length", dims.HiddenSize);
        }
        else
        {
            _graph.Input("input_ids", DataType.Int64, "batch_size", "sequence_length");
        }

        _graph.Input("attention_mask", DataType.Int64, "batch_size", "total_sequence_length");
        _graph.Input("position_ids", DataType.Int64, "batch_size", "sequence_length");
        for (var layer = 0; layer < dims.Layers; layer++)
        {
            _graph.Input(PastKey(layer), DataType.Float, "batch_size", dims.KeyValueHeads, "past_sequence_length", dims.HeadSize);
            _graph.Input(PastValue(layer), DataType.Float, "batch_size", dims.KeyValueHeads, "past_sequence_length", dims.HeadSize);
        }

        _graph.Output("logits", DataType.Float, "batch_size", "sequence_length", vocabSize);
        for (var layer = 0; layer < dims.Layers; layer++)
        {
            _graph.Output(PresentKey(layer), DataType.Float, "batch_size", dims.KeyValueHeads, "total_sequence_length", dims.HeadSize);
            _graph.Output(PresentValue(layer), DataType.Float, "batch_size", dims.KeyValueHeads, "total_sequence_length", dims.HeadSize);
        }
    }

    /// <summary>cos/sin of position_ids times the RoPE frequencies, shaped [B, S, 1, head] to broadcast over heads.</summary>
    private (string Cos, string Sin) RotaryTables()
    {
        var half = dims.HeadSize / 2;
        var inverseFrequencies = new float[half];
        for (var i = 0; i < half; i++)
        {
            inverseFrequencies[i] = (float)(1.0 / Math.Pow(dims.RopeTheta, 2.0 * i / dims.HeadSize));
        }

        var positions = _graph.Node("Unsqueeze", [_graph.Node("Cast", ["position_ids"], Attr("to", (long)DataType.Float)), _graph.Int64s(2)]);
        var angles = _graph.Node("Mul", [positions, _graph.Weight("model.rotary.inv_freq", inverseFrequencies, half)]);
        var doubled = _graph.Node("Concat", [angles, angles], Attr("axis", -1L));
        var headAxis = _graph.Int64s(2);
        return (_graph.Node("Unsqueeze", [_graph.Node("Cos", [doubled]), headAxis]),
                _graph.Node("Unsqueeze", [_graph.Node("Sin", [doubled]), headAxis]));
    }

    private AttentionInputs SharedAttentionInputs()
    {
        var queryLength = _graph.Node("Squeeze", [_graph.Node("Shape", [TokenInput], Attr("start", 1L), Attr("end", 2L)), _graph.Int64s(0)]);
        // The KV buffers are max_length long (ORT GenAI shares them between past and present), so the cache's length
        // comes from the attention mask, which spans past and new tokens.
        var width = _graph.Node("Squeeze", [_graph.Node("Shape", ["attention_mask"], Attr("start", 1L), Attr("end", 2L)), _graph.Int64s(0)]);
        var pastLength = _graph.Node("Sub", [width, queryLength]);
        var chunk = dims.AttentionChunk;
        var tripCount = _graph.Node("Div", [_graph.Node("Add", [queryLength, _graph.Int64Scalar(chunk - 1)]), _graph.Int64Scalar(chunk)]);
        var decoding = _graph.Node("And", [
            _graph.Node("Equal", [queryLength, _graph.Int64Scalar(1)]),
            _graph.Node("Greater", [pastLength, _graph.Int64Scalar(0)])]);

        // GroupQueryAttention's lengths (decode steps): it reads each row's first seqlens_k + 1 keys.
        var realLength = _graph.Node("ReduceSum", ["attention_mask", _graph.Int64s(1)], Attr("keepdims", 0L));
        var seqlens = _graph.Node("Cast", [_graph.Node("Sub", [realLength, _graph.Int64s(1)])], Attr("to", (long)DataType.Int32));
        var total = _graph.Node("Cast", [width], Attr("to", (long)DataType.Int32));
        return new(tripCount, queryLength, pastLength, "attention_mask", decoding, seqlens, total, TokenInput);
    }

    private string Attention(string normed, int layer, string cos, string sin, AttentionInputs shared)
    {
        var prefix = $"model.layers.{layer}.self_attn";
        var inputScale = 1.0 / Math.Sqrt(dims.HiddenSize);

        // The softmax 1/sqrt(head) factor is folded into q_proj: RoPE is linear, so scaling before it is exact.
        var queryWeights = _random.Normal(dims.HiddenSize * dims.HiddenSize, inputScale / Math.Sqrt(dims.HeadSize));
        var query = Heads(Linear(normed, $"{prefix}.q_proj.weight", queryWeights, dims.HiddenSize, dims.HiddenSize), dims.AttentionHeads);
        var keyFlat = Linear(normed, $"{prefix}.k_proj.weight", _random.Normal(dims.HiddenSize * dims.KeyValueSize, inputScale), dims.HiddenSize, dims.KeyValueSize);
        var valueFlat = Linear(normed, $"{prefix}.v_proj.weight", _random.Normal(dims.HiddenSize * dims.KeyValueSize, inputScale), dims.HiddenSize, dims.KeyValueSize);

        var rotatedQuery = Rotate(query, cos, sin);
        var rotatedKey = Rotate(Heads(keyFlat, dims.KeyValueHeads), cos, sin);

        // A decode step and a prefill attend differently (see the two builders); both write the shared KV buffers.
        var decode = new OnnxGraphBuilder($"/model/layers.{layer}/attn/decode");
        var (decoded, decodedKey, decodedValue) = DecodeAttentionBuilder.Build(decode, dims, shared, rotatedQuery, rotatedKey, valueFlat, PastKey(layer), PastValue(layer));
        AttentionInputs.DeclareResults(decode, dims, decoded, decodedKey, decodedValue);
        var prefill = new OnnxGraphBuilder($"/model/layers.{layer}/attn/prefill");
        var (prefilled, prefilledKey, prefilledValue) = PrefillAttentionBuilder.Build(prefill, dims, shared, rotatedQuery, rotatedKey, valueFlat, PastKey(layer), PastValue(layer), layer);
        AttentionInputs.DeclareResults(prefill, dims, prefilled, prefilledKey, prefilledValue);

        var merged = $"/model/layers.{layer}/attn/context";
        _graph.NamedNode("If", [shared.Decoding], [merged, PresentKey(layer), PresentValue(layer)],
            Attr("then_branch", decode.Graph), Attr("else_branch", prefill.Graph));
        // Output projections start small so each block only perturbs the residual stream.
        return Linear(merged, $"{prefix}.o_proj.weight", _random.Normal(dims.HiddenSize * dims.HiddenSize, 0.5 * inputScale), dims.HiddenSize, dims.HiddenSize);
    }

    private string Heads(string projection, int heads) =>
        _graph.Node("Reshape", [projection, _graph.Int64s(0, 0, heads, dims.HeadSize)]);

    /// <summary>Non-interleaved RoPE: x*cos + rotate_half(x)*sin, with rotate_half as a fixed signed permutation matrix.</summary>
    private string Rotate(string x, string cos, string sin)
    {
        var size = dims.HeadSize;
        var half = size / 2;
        var rotateHalf = new float[size * size];
        for (var j = 0; j < half; j++)
        {
            rotateHalf[(j + half) * size + j] = -1f;
            rotateHalf[j * size + j + half] = 1f;
        }

        var rotated = _graph.Node("MatMul", [x, _graph.Weight($"/model/rotate_half_{_rotateCount++}", rotateHalf, size, size)]);
        return _graph.Node("Add", [_graph.Node("Mul", [x, cos]), _graph.Node("Mul", [rotated, sin])]);
    }

    private string Mlp(string normed, int layer)
    {
        var prefix = $"model.layers.{layer}.mlp";
        var inputScale = 1.0 / Math.Sqrt(dims.HiddenSize);
        var gate = Linear(normed, $"{prefix}.gate_proj.weight", _random.Normal(dims.HiddenSize * dims.IntermediateSize, inputScale), dims.HiddenSize, dims.IntermediateSize);
        var up = Linear(normed, $"{prefix}.up_proj.weight", _random.Normal(dims.HiddenSize * dims.IntermediateSize, inputScale), dims.HiddenSize, dims.IntermediateSize);
        var silu = _graph.Node("Mul", [gate, _graph.Node("Sigmoid", [gate])]);
        var downWeights = _random.Normal(dims.IntermediateSize * dims.HiddenSize, 0.5 / Math.Sqrt(dims.IntermediateSize));
        return Linear(_graph.Node("Mul", [silu, up]), $"{prefix}.down_proj.weight", downWeights, dims.IntermediateSize, dims.HiddenSize);
    }

    /// <summary>input [.., k] times a [k, n] weight: a MatMul on float32 weights, or MatMulNBits on their int4 blocks.</summary>
    private string Linear(string input, string name, float[] weights, int k, int n)
    {
        if (precision == WeightPrecision.Fp32)
        {
            return _graph.Node("MatMul", [input, _graph.Weight(name, weights, k, n)]);
        }

        var (packed, scales) = Int4Weights.Quantize(weights, k, n);
        var blocks = k / Int4Weights.BlockSize;
        return _graph.NodeIn(
            MicrosoftDomain,
            "MatMulNBits",
            [input, _graph.Bytes($"{name}.int4", packed, n, blocks, Int4Weights.BlockSize / 2), _graph.Weight($"{name}.scales", scales, n, blocks)],
            1,
            Attr("K", (long)k),
            Attr("N", (long)n),
            Attr("bits", 4L),
            Attr("block_size", (long)Int4Weights.BlockSize),
            Attr("accuracy_level", 4L))[0];
    }

    private string NormWeight(string name) => _graph.Weight(name, DeterministicWeights.Filled(dims.HiddenSize, 1f), dims.HiddenSize);

    /// <summary>Residual add fused with RMSNorm, as ORT's own llama exports do; returns (normalised, residual sum).</summary>
    private (string Normed, string Residual) SkipNorm(string input, string skip, string weightName)
    {
        var outputs = _graph.NodeIn(MicrosoftDomain, "SkipSimplifiedLayerNormalization", [input, skip, NormWeight(weightName)], 4, Attr("epsilon", dims.RmsEpsilon));
        var node = _graph.Graph.Node[^1];
        // Mean and inverse std outputs are optional; leaving them unnamed spares their allocation.
        node.Output[1] = string.Empty;
        node.Output[2] = string.Empty;
        return (outputs[0], outputs[3]);
    }
}
