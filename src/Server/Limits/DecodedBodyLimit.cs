using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Responses.Server.Limits;

/// <summary>
/// After decompression: the body as the API reads it (decompressed, or as sent) is cut off at the limit with a 413,
/// however it arrives (chunked, no Content-Length, a small zstd frame that expands to gigabytes).
/// </summary>
public sealed class DecodedBodyLimit(RequestDelegate next, IOptions<RequestLimitsOptions> options)
{
    private readonly long maxBytes = options.Value.MaxRequestBodyBytes;

    public Task InvokeAsync(HttpContext context)
    {
        // Kestrel's own limit (on the bytes as sent) becomes ours, so a larger setting is not cut at its 30 MB default.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server)
        {
            server.MaxRequestBodySize = maxBytes;
        }

        context.Request.Body = new DecodedBodyStream(context.Request.Body, maxBytes);
        return next(context);
    }
}
