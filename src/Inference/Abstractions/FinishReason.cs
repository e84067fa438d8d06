namespace Responses.Inference;

public enum FinishReason
{
    /// <summary>The model emitted an end-of-sequence token.</summary>
    Stop,

    /// <summary>max_output_tokens or the model's context ran out first.</summary>
    Length,
}
