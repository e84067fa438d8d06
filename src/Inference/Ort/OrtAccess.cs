namespace Responses.Inference.Ort;

/// <summary>
/// Guards a model's native handles against the two ways they can be misused from many threads. ORT GenAI's C API
/// promises thread safety only for <c>Tokenizer.Encode</c>, so every other tokenizer call and every creation of
/// generator parameters and generators is <see cref="Serialized"/> (each takes microseconds to a few milliseconds;
/// the token steps, ONNX Runtime session runs, stay outside). And a request may render a prompt while the model is
/// being disposed at shutdown, so every call holds a read lock that <see cref="TryClose"/> waits for before anything
/// is freed: no handle is touched after it is released.
/// </summary>
internal sealed class OrtAccess
{
    private readonly Lock serial = new();
    // Recursion allowed: a reader that runs inline on the engine's thread may render its next prompt there.
    private readonly ReaderWriterLockSlim use = new(LockRecursionPolicy.SupportsRecursion);
    private volatile bool closed;

    /// <summary>A call the C API allows on many threads at once.</summary>
    public T Shared<T>(Func<T> call)
    {
        Enter();
        try
        {
            return call();
        }
        finally
        {
            use.ExitReadLock();
        }
    }

    /// <summary>A call that must not overlap another serialized one.</summary>
    public T Serialized<T>(Func<T> call)
    {
        Enter();
        try
        {
            lock (serial)
                return call();
        }
        finally
        {
            use.ExitReadLock();
        }
    }

    /// <summary>Waits for the calls in flight and refuses new ones; false when they did not end in time (nothing may be freed then).</summary>
    public bool TryClose(TimeSpan wait)
    {
        if (!use.TryEnterWriteLock(wait))
            return false;
        closed = true;
        use.ExitWriteLock();
        return true;
    }

    private void Enter()
    {
        use.EnterReadLock();
        if (closed)
        {
            use.ExitReadLock();
            throw new ObjectDisposedException("The model was disposed.");
        }
    }
}
