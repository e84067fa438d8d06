namespace Responses.Inference.Generation;

/// <summary>
/// The one lock around the ORT GenAI calls its C API does not promise to be thread-safe: chat templates, decoding,
/// creating decoding streams, generator parameters and generators. Each is short (microseconds to a few
/// milliseconds); the token steps and prefill, which are ONNX Runtime session runs and may run concurrently, stay
/// outside it.
/// </summary>
internal sealed class NativeAccess
{
    private readonly Lock gate = new();

    public T Serialized<T>(Func<T> call)
    {
        lock (gate)
            return call();
    }
}
