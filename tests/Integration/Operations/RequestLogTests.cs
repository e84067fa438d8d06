using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Responses.Server.Api;
using Responses.Server.Errors;
using Responses.Server.Observability;
using Responses.Server.Runs;
using Responses.Server.Storage;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Operations;

/// <summary>Every request leaves exactly one Information line with its facts as properties, refused ones included.</summary>
public sealed class RequestLogTests
{
    private const string Category = RequestTelemetryMiddleware.LogCategory;

    [Fact]
    public async Task Served_refused_and_unknown_requests_each_leave_one_line_with_their_fields()
    {
        var logs = new LogCapture();
        using var factory = Server(logs);
        using var client = factory.CreateClient();

        var plain = await client.CreateAsync($$"""{"model":"{{Api.Model}}","input":"Log me.","max_output_tokens":16}""");
        using var streamed = await client.PostResponseAsync($$"""{"model":"{{Api.Model}}","input":"Stream me.","max_output_tokens":16,"stream":true}""");
        var streamedResponse = SseFrame.ParseAll(await streamed.Content.ReadAsStringAsync())[^1].Json["response"]!;
        using var refused = await client.PostResponseAsync("""{"model":"no-such-model","input":"Hi"}""");
        using var unknown = await client.GetAsync("/v1/nowhere");
        using var probe = await client.GetAsync("/health");

        var lines = await logs.WaitForAsync(Category, 4);

        Assert.Equal(4, lines.Count);
        Assert.All(lines, line => Assert.Equal(LogLevel.Information, line.Level));
        AssertGeneration(Single(lines, (string)plain["id"]!), plain, stream: false);
        AssertGeneration(Single(lines, (string)streamedResponse["id"]!), streamedResponse, stream: true);

        var refusal = Assert.Single(lines, line => (string?)line.Properties["Model"] == "no-such-model");
        Assert.Equal(404, refusal.Properties["HttpStatus"]);
        Assert.Equal("404", refusal.Properties["Status"]);
        Assert.Equal("/v1/responses", refusal.Properties["Route"]);
        Assert.Null(refusal.Properties["ResponseId"]);
        Assert.Null(refusal.Properties["InputTokens"]);
        Assert.Contains("does not exist", (string?)refusal.Properties["Error"], StringComparison.Ordinal);

        var nowhere = Assert.Single(lines, line => (string?)line.Properties["Path"] == "/v1/nowhere");
        Assert.Equal("unmatched", nowhere.Properties["Route"]);
        Assert.Equal(404, nowhere.Properties["HttpStatus"]);
        Assert.Null(nowhere.Properties["Model"]);

        // The lines the request log replaced are gone: no second Information line for the same request.
        Assert.DoesNotContain(logs.Records, record => record.Level >= LogLevel.Information &&
            (record.Category == typeof(ApiExceptionHandler).FullName || record.Category == typeof(RunExecutor).FullName));
    }

    [Fact]
    public async Task A_503_for_a_store_that_is_down_is_one_line_saying_why()
    {
        var logs = new LogCapture();
        using var factory = Server(logs, new UnavailableStore());
        using var client = factory.CreateClient();

        using var refused = await client.PostResponseAsync($$"""{"model":"{{Api.Model}}","input":"Keep this."}""");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        var line = Assert.Single(await logs.WaitForAsync(Category, 1));
        Assert.Equal(503, line.Properties["HttpStatus"]);
        Assert.Equal("503", line.Properties["Status"]);
        Assert.Equal(Api.Model, line.Properties["Model"]);
        Assert.Contains("store is unavailable", (string?)line.Properties["Error"], StringComparison.Ordinal);
    }

    private static ResponsesServerFactory Server(LogCapture logs, IResponseStore? store = null) => new()
    {
        ConfigureTestServices = services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            if (store is not null)
            {
                services.RemoveAll<IResponseStore>();
                services.AddSingleton(store);
            }
        },
    };

    private static LogCapture.LogRecord Single(IReadOnlyList<LogCapture.LogRecord> lines, string responseId) =>
        Assert.Single(lines, line => (string?)line.Properties["ResponseId"] == responseId);

    private static void AssertGeneration(LogCapture.LogRecord line, JsonNode response, bool stream)
    {
        Assert.Equal(100, line.EventId.Id);
        Assert.Equal("POST", line.Properties["Method"]);
        Assert.Equal("/v1/responses", line.Properties["Route"]);
        Assert.Equal(200, line.Properties["HttpStatus"]);
        Assert.Equal((string)response["status"]!, line.Properties["Status"]);
        Assert.Equal(Api.Model, line.Properties["Model"]);
        Assert.Equal(stream, line.Properties["Stream"]);
        Assert.Equal((int)response["usage"]!["input_tokens"]!, line.Properties["InputTokens"]);
        Assert.Equal((int)response["usage"]!["output_tokens"]!, line.Properties["OutputTokens"]);
        Assert.Equal((int)response["usage"]!["output_tokens_details"]!["reasoning_tokens"]!, line.Properties["ReasoningTokens"]);
        Assert.IsType<double>(line.Properties["TimeToFirstTokenMs"]);
        Assert.IsType<double>(line.Properties["QueuedMs"]);
        Assert.IsType<double>(line.Properties["TotalMs"]);
        Assert.Null(line.Properties["Error"]);
        Assert.Contains((string)response["id"]!, line.Message, StringComparison.Ordinal);
    }

    private sealed class UnavailableStore : IResponseStore
    {
        public bool IsAvailable => false;

        public Task<bool> SaveAsync(StoredResponse response, CancellationToken cancellationToken) => throw Down();

        public Task<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken) => throw Down();

        public Task<StoredChain?> FindChainAsync(string id, CancellationToken cancellationToken) => throw Down();

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => throw Down();

        private static StoreUnavailableException Down() => new("circuit open");
    }
}
