using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Responses.Server.Errors;

namespace Responses.Server.Limits;

/// <summary>
/// Before decompression: a Content-Encoding the server cannot undo is a 415 (ASP.NET Core's decompression would
/// pass the compressed bytes on as if they were JSON), and a declared length beyond the limit is a 413 before a
/// byte is read.
/// </summary>
public sealed class ContentEncodingGate(RequestDelegate next, IOptions<RequestLimitsOptions> options)
{
    /// <summary>What <see cref="LimitsServiceCollectionExtensions.AddRequestLimits"/> registers a decompressor for, and identity.</summary>
    public static readonly string[] Supported = ["gzip", "br", "deflate", "zstd", "identity"];

    private readonly long maxBytes = options.Value.MaxRequestBodyBytes;

    public Task InvokeAsync(HttpContext context)
    {
        var encodings = context.Request.Headers.ContentEncoding;
        if (encodings.Count > 0)
        {
            var values = encodings.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            // One encoding only: ASP.NET Core's decompression undoes a single layer, and no client sends two.
            if (values.Length != 1 || !Supported.Contains(values[0], StringComparer.OrdinalIgnoreCase))
            {
                throw new ApiException(
                    HttpStatusCode.UnsupportedMediaType,
                    ErrorTypes.InvalidRequest,
                    $"Unsupported Content-Encoding '{encodings}'. Send the body uncompressed or as one of: {string.Join(", ", Supported[..^1])}.",
                    code: ErrorTypes.UnsupportedEncoding);
            }
        }

        if (context.Request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        return next(context);
    }

    public static ApiException TooLarge(long maxBytes) => new(
        HttpStatusCode.RequestEntityTooLarge,
        ErrorTypes.InvalidRequest,
        $"The request body is larger than this server accepts: at most {maxBytes} bytes (after decompression), set by Limits:MaxRequestBodyBytes.",
        code: ErrorTypes.RequestTooLarge);
}
