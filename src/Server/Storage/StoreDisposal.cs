namespace Responses.Server.Storage;

/// <summary>What a store decorator does with the store it wraps when it is disposed: disposes it, however it can be.</summary>
internal static class StoreDisposal
{
    public static async ValueTask DisposeAsync(IResponseStore inner)
    {
        switch (inner)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    public static void Dispose(IResponseStore inner) => (inner as IDisposable)?.Dispose();
}
