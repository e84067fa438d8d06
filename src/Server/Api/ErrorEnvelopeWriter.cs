using System.Net;
using System.Text.Json;
using Responses.Generated;
using Responses.Server.Errors;

namespace Responses.Server.Api;

/// <summary>The one writer of OpenAI's error envelope as an HTTP response, with its status and Retry-After.</summary>
public sealed class ErrorEnvelopeWriter(JsonSerializerOptions jsonOptions)
{
    public Task WriteAsync(HttpResponse response, ApiException error, CancellationToken cancellationToken)
    {
        if (error.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return WriteAsync(response, error.Status, error.Envelope(), cancellationToken);
    }

    public async Task WriteAsync(HttpResponse response, HttpStatusCode status, ErrorResponse envelope, CancellationToken cancellationToken)
    {
        response.StatusCode = (int)status;
        response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(response.Body, envelope, jsonOptions, cancellationToken);
    }
}
