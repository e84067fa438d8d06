using System.Net;
using System.Text.Json;
using Responses.Generated;

namespace Responses.Server.Errors;

/// <summary>The one formatter of OpenAI's error envelope {"error":{"message","type","param","code"}}.</summary>
public sealed class ErrorEnvelopeWriter(JsonSerializerOptions jsonOptions)
{
    public static ErrorResponse Envelope(ApiException error) => Envelope(error.Type, error.Message, error.Param, error.Code);

    public static ErrorResponse Envelope(string type, string message, string? param, string? code) =>
        new() { Error = new Error { Type = type, Message = message, Param = param, Code = code } };

    public Task WriteAsync(HttpResponse response, ApiException error, CancellationToken cancellationToken)
    {
        if (error.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return WriteAsync(response, error.Status, Envelope(error), cancellationToken);
    }

    public async Task WriteAsync(HttpResponse response, HttpStatusCode status, ErrorResponse envelope, CancellationToken cancellationToken)
    {
        response.StatusCode = (int)status;
        response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(response.Body, envelope, jsonOptions, cancellationToken);
    }
}
