namespace Responses.Inference.EmbeddedModel;

/// <summary>Writes the project's own small llama-type model (ONNX graph, genai_config, tokenizer, chat template).</summary>
public sealed class EmbeddedModelWriter
{
    /// <summary>The id clients use for the embedded model.</summary>
    public const string ModelId = "responses-tiny-llama";

    /// <summary>Writes the model under <paramref name="cacheDirectory"/> unless an identical one is there; returns its folder.</summary>
    public string EnsureWritten(string cacheDirectory) => throw new NotSupportedException("placeholder until the embedded model lands");
}
