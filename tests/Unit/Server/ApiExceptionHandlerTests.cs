using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Responses.Inference;
using Responses.Server.Api;
using Responses.Server.Errors;

namespace Responses.Tests.Unit.Server;

public sealed class ApiExceptionHandlerTests
{
    [Fact]
    public void Api_exception_passes_through_unchanged()
    {
        var original = ApiException.NotFound("gone", "model", ErrorTypes.ModelNotFound);

        Assert.Same(original, ApiExceptionHandler.Map(original));
    }

    [Fact]
    public void An_engine_failure_is_told_by_its_kind_capacity_a_503_to_retry_invalid_input_a_400_anything_else_a_500()
    {
        var capacity = ApiExceptionHandler.Map(new InferenceException(InferenceFailureKind.Capacity, "Failed to allocate memory for requested buffer of size 1073741824"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, capacity.Status);
        Assert.Equal(ErrorTypes.ServerOverloaded, capacity.Code);
        Assert.NotNull(capacity.RetryAfter);
        Assert.Contains("Failed to allocate", capacity.Message, StringComparison.Ordinal);

        var invalid = ApiExceptionHandler.Map(new InferenceException(InferenceFailureKind.InvalidInput, "indices element out of data bounds, idx=1000000"));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Equal(ErrorTypes.InvalidRequest, invalid.Type);
        Assert.Equal("input", invalid.Param);

        var internalFailure = ApiExceptionHandler.Map(new InferenceException(InferenceFailureKind.Internal, "/model/layers.0/attn: some node failed"));
        Assert.Equal(HttpStatusCode.InternalServerError, internalFailure.Status);
        Assert.DoesNotContain("/model", internalFailure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Context_length_exceeded_is_400_on_input()
    {
        var exception = new ContextLengthExceededException(40000, 32768);

        var error = ApiExceptionHandler.Map(exception);

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal(ErrorTypes.InvalidRequest, error.Type);
        Assert.Equal(ErrorTypes.ContextLengthExceeded, error.Code);
        Assert.Equal("input", error.Param);
        Assert.Equal(exception.Message, error.Message);
        Assert.Contains("40000", error.Message);
        Assert.Contains("32768", error.Message);
    }

    [Fact]
    public void Chat_template_rejection_is_a_client_error()
    {
        var error = ApiExceptionHandler.Map(new ChatTemplateException("Conversation roles must alternate user/assistant/user/assistant/..."));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal(ErrorTypes.InvalidRequest, error.Type);
        Assert.Equal(ErrorTypes.InvalidPrompt, error.Code);
        Assert.Equal("input", error.Param);
        Assert.Contains("alternate", error.Message);
    }

    [Fact]
    public void Bad_http_request_keeps_its_status()
    {
        var error = ApiExceptionHandler.Map(new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, error.Status);
        Assert.Equal(ErrorTypes.InvalidRequest, error.Type);
        Assert.Equal("Request body too large.", error.Message);
    }

    [Fact]
    public void An_unavailable_store_is_503_without_the_backends_words()
    {
        var error = ApiExceptionHandler.Map(new StoreUnavailableException("Host=db.internal refused"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.Equal(ErrorTypes.Server, error.Type);
        Assert.Equal(ErrorTypes.StoreUnavailable, error.Code);
        Assert.Null(error.Param);
        Assert.DoesNotContain("db.internal", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancellation_is_499()
    {
        var error = ApiExceptionHandler.Map(new OperationCanceledException());

        Assert.Equal(499, (int)error.Status);
    }

    [Fact]
    public void Anything_else_is_500_without_internals()
    {
        var error = ApiExceptionHandler.Map(new InvalidOperationException("secret internal detail at /home/x"));

        Assert.Equal(HttpStatusCode.InternalServerError, error.Status);
        Assert.Equal(ErrorTypes.Server, error.Type);
        Assert.DoesNotContain("secret", error.Message);
        Assert.Null(error.Param);
    }

    [Fact]
    public async Task Handler_writes_the_openai_envelope()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/v1/responses";
        var body = new MemoryStream();
        context.Response.Body = body;
        var handler = new ApiExceptionHandler(new ErrorEnvelopeWriter(ApiJson.CreateOptions()), NullLogger<ApiExceptionHandler>.Instance);

        var handled = await handler.TryHandleAsync(context, new ContextLengthExceededException(10, 5), CancellationToken.None);

        Assert.True(handled);
        Assert.Equal(400, context.Response.StatusCode);
        Assert.StartsWith("application/json", context.Response.ContentType);
        using var json = JsonDocument.Parse(body.ToArray());
        var error = json.RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("context_length_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("input", error.GetProperty("param").GetString());
        Assert.Contains("10 tokens", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Handler_writes_null_param_and_server_error_code_for_a_server_fault()
    {
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        var handler = new ApiExceptionHandler(new ErrorEnvelopeWriter(ApiJson.CreateOptions()), NullLogger<ApiExceptionHandler>.Instance);

        var handled = await handler.TryHandleAsync(context, new InvalidOperationException("boom"), CancellationToken.None);

        Assert.True(handled);
        Assert.Equal(500, context.Response.StatusCode);
        using var json = JsonDocument.Parse(body.ToArray());
        var error = json.RootElement.GetProperty("error");
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        // The same code a failed Response carries (ResponseErrorCode), so JSON and stream clients see one value.
        Assert.Equal("server_error", error.GetProperty("code").GetString());
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.DoesNotContain("boom", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("full", 429, "requests", "rate_limit_exceeded")]
    [InlineData("stopped", 503, "server_error", "server_shutting_down")]
    [InlineData("stalled", 408, "invalid_request_error", "stream_not_read")]
    public async Task Scheduler_refusals_map_to_their_status_with_retry_after_on_429(string which, int status, string type, string code)
    {
        Exception exception = which switch
        {
            "full" => new SchedulerFullException(1, 2, TimeSpan.FromSeconds(2.2)),
            "stopped" => new SchedulerStoppedException("The server is shutting down."),
            _ => new ReaderStalledException(TimeSpan.FromSeconds(30)),
        };
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        var handler = new ApiExceptionHandler(new ErrorEnvelopeWriter(ApiJson.CreateOptions()), NullLogger<ApiExceptionHandler>.Instance);

        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));

        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal(which == "full" ? "3" : string.Empty, context.Response.Headers.RetryAfter.ToString());
        using var json = JsonDocument.Parse(body.ToArray());
        var error = json.RootElement.GetProperty("error");
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(exception.Message, error.GetProperty("message").GetString());
    }
}
