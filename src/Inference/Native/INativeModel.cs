namespace Responses.Inference.Native;

/// <summary>
/// A loaded model as the engine sees it: a tokenizer and a factory of generators. The only implementation is the
/// ORT GenAI adapter (<c>src/Inference/Ort</c>); everything above this seam is written against it, so a newer ORT
/// GenAI, or a narrow test's stand-in, changes one folder. Every method may throw <see cref="InferenceException"/>;
/// no engine-specific exception crosses the seam.
/// </summary>
internal interface INativeModel : IDisposable
{
    /// <summary>The tokenizer and chat-template engine of this model.</summary>
    INativeTokenizer Tokenizer { get; }

    /// <summary>What the model's graph was found to support when it loaded.</summary>
    NativeCapabilities Capabilities { get; }

    /// <summary>Creates a generator. Not thread-safe with other native calls: the engine calls it from its loop.</summary>
    INativeGenerator CreateGenerator(GeneratorSettings settings);

    /// <summary>
    /// Compiles a constrained-decoding grammar without generating, so a schema the engine cannot enforce is refused
    /// before a response starts. Thread-safe.
    /// </summary>
    void EnsureGuidanceCompiles(GuidanceSpec guidance, int promptTokens);

    /// <summary>Returns the free regions of the CPU arena to the C heap (a one-token run); false when the model has no arena.</summary>
    bool ShrinkArena();
}
