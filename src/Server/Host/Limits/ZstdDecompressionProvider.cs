using Microsoft.AspNetCore.RequestDecompression;
using ZstdSharp;

namespace Responses.Server.Host.Limits;

/// <summary>Content-Encoding: zstd (Codex compresses its requests with it), beside ASP.NET Core's gzip, br and deflate.</summary>
public sealed class ZstdDecompressionProvider : IDecompressionProvider
{
    public Stream GetDecompressionStream(Stream stream) => new DecompressionStream(stream, leaveOpen: true);
}
