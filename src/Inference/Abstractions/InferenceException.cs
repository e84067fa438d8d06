namespace Responses.Inference;

/// <summary>
/// A failure inside the inference engine (ORT GenAI or ONNX Runtime), sorted by what the caller can do about it:
/// wait (<see cref="InferenceFailureKind.Capacity"/>), change the request (<see cref="InferenceFailureKind.InvalidInput"/>),
/// or report a bug (<see cref="InferenceFailureKind.Internal"/>). The native message is kept for the log.
/// </summary>
public sealed class InferenceException(InferenceFailureKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public InferenceFailureKind Kind { get; } = kind;
}

/// <summary>What an <see cref="InferenceException"/> means to the client.</summary>
public enum InferenceFailureKind
{
    /// <summary>A bug or an unexpected native failure: a 500, logged with its cause.</summary>
    Internal,

    /// <summary>The machine ran out of something (memory): a 503 the client may retry later.</summary>
    Capacity,

    /// <summary>The request asked for what the model cannot take (a token beyond its vocabulary, a length beyond its limits): a 400.</summary>
    InvalidInput,
}
