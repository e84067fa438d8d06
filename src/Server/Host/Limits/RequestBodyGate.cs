using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RequestDecompression;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Responses.Server.Errors;
using Responses.Server.Runs;

namespace Responses.Server.Host.Limits;

/// <summary>
/// The request body as the API reads it: a Content-Encoding the server cannot undo is a 415 (ASP.NET Core's
/// decompression would pass the compressed bytes on as if they were JSON), a declared length beyond the limit is a
/// 413 before a byte is read, and the body, decompressed by ASP.NET Core's providers (plus zstd), is cut off at the
/// limit with a 413 however it arrives: chunked, without a length, or a small frame that expands to gigabytes.
/// </summary>
public sealed class RequestBodyGate(RequestDelegate next, IRequestDecompressionProvider decompression, IOptions<RequestLimitsOptions> options)
{
    /// <summary>What <see cref="LimitsServiceCollectionExtensions.AddRequestLimits"/> registers a decompressor for, and identity.</summary>
    public static readonly string[] Supported = ["gzip", "br", "deflate", "zstd", "identity"];

    private readonly long maxBytes = options.Value.MaxRequestBodyBytes;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var encodings = request.Headers.ContentEncoding;
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

        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        // Kestrel's own limit (on the bytes as sent) becomes ours, so a larger setting is not cut at its 30 MB default.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server)
        {
            server.MaxRequestBodySize = maxBytes;
        }

        await using var decompressed = decompression.GetDecompressionStream(context);
        if (decompressed is not null)
        {
            // What the API reads is no longer what the headers describe.
            request.Headers.Remove(HeaderNames.ContentEncoding);
            request.Headers.ContentLength = null;
        }

        request.Body = new DecodedBodyStream(decompressed ?? request.Body, maxBytes, decompressed is not null);
        await next(context);
    }

    public static ApiException TooLarge(long maxBytes) => new(
        HttpStatusCode.RequestEntityTooLarge,
        ErrorTypes.InvalidRequest,
        $"The request body is larger than this server accepts: at most {maxBytes} bytes (after decompression), set by Limits:MaxRequestBodyBytes.",
        code: ErrorTypes.RequestTooLarge);
}
