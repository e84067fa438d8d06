using Responses.Server.Errors;
using ZstdSharp;

namespace Responses.Server.Host.Limits;

/// <summary>
/// The request body as the API reads it: a read-only view that throws the 413 once more than the limit has been
/// read, and turns a corrupt compressed body (the decompressor's own exception) into a 400.
/// </summary>
/// <param name="inner">The body as sent, or its decompression.</param>
/// <param name="maxBytes">How much may be read.</param>
/// <param name="decompressing">Whether <paramref name="inner"/> decompresses, so that its faults are the client's.</param>
public sealed class DecodedBodyStream(Stream inner, long maxBytes, bool decompressing) : Stream
{
    private long read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return Count(inner.Read(buffer));
        }
        catch (Exception exception) when (IsCorrupt(exception))
        {
            throw Corrupt(exception);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return Count(await inner.ReadAsync(buffer, cancellationToken));
        }
        catch (Exception exception) when (IsCorrupt(exception))
        {
            throw Corrupt(exception);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <remarks>GZip and deflate say InvalidData, Brotli InvalidOperation, zstd its own.</remarks>
    private bool IsCorrupt(Exception exception) =>
        decompressing && exception is InvalidDataException or InvalidOperationException or ZstdException;

    private static ApiException Corrupt(Exception exception) => ApiException.InvalidRequest(
        $"The request body could not be decompressed as its Content-Encoding says: {exception.Message}", code: ErrorTypes.InvalidJson);

    private int Count(int bytes)
    {
        read += bytes;
        return read > maxBytes ? throw RequestBodyGate.TooLarge(maxBytes) : bytes;
    }
}
