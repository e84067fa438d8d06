namespace Responses.Inference;

public enum FinishReason
{
    /// <summary>The model emitted an end-of-sequence token.</summary>
    Stop,

    /// <summary>max_output_tokens or the model's context ran out first.</summary>
    Length,

    /// <summary>The model ended its turn with tool calls, for the client to run (the Response is completed).</summary>
    ToolCalls,
}
