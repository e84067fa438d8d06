using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Responses.Inference;
using Responses.Tests.Support;

namespace Responses.Tests.Integration;

/// <summary>
/// The scheduler seen from HTTP: a bounded number of generations, a bounded queue, 429 beyond it, and slots that
/// come back whenever a client leaves, whether it was generating or waiting.
/// </summary>
public sealed class AdmissionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private static ResponsesServerFactory Server(int maxConcurrency, int queue) => new()
    {
        Settings = new Dictionary<string, string>
        {
            ["Scheduler:MaxConcurrency"] = maxConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Scheduler:QueueLength"] = queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    private static string Body(int maxOutputTokens, bool stream) =>
        $$"""{"model":"{{Api.Model}}","input":"Go on.","max_output_tokens":{{maxOutputTokens}},"temperature":0,"stream":{{(stream ? "true" : "false")}}}""";

    [Fact]
    public async Task Beyond_the_queue_requests_get_429_with_retry_after_and_never_a_5xx()
    {
        using var factory = Server(maxConcurrency: 1, queue: 2);
        using var client = factory.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => client.PostResponseAsync(Body(1500, stream: false))));

        try
        {
            Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"got {(int)r.StatusCode}"));
            var ok = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
            var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.True(ok >= 3, $"{ok} requests served: one running and two queued should all be");
            Assert.NotEmpty(refused);
            foreach (var response in refused)
            {
                var retryAfter = Assert.Single(response.Headers.GetValues("Retry-After"));
                Assert.True(int.TryParse(retryAfter, out var seconds) && seconds >= 1, $"Retry-After: {retryAfter}");
                var error = await Api.AssertErrorAsync(response, HttpStatusCode.TooManyRequests, "rate_limit_exceeded", null, type: "requests");
                Assert.Contains("busy", (string?)error["message"], StringComparison.Ordinal);
            }
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task Fifty_streams_aborted_after_their_first_delta_leave_no_slot_taken()
    {
        using var factory = Server(maxConcurrency: 2, queue: 64);
        using var client = factory.CreateClient();
        var scheduler = factory.Services.GetRequiredService<IGenerationScheduler>();
        var model = factory.Services.GetRequiredService<IModelCatalog>().Models[0];

        await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses") { Content = Api.Json(Body(20_000, stream: true)) };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await SseFrame.ReadAsync(reader) is { } frame && frame.Event != "response.output_text.delta")
            {
            }
        }));

        await WaitUntil(() => scheduler.Status is { Running: 0, Queued: 0 } && model.Activity.Active == 0);
        // Every generation stopped near its first delta, not at its 20,000-token limit.
        Assert.True(model.Activity.TokensGenerated < 50 * 1000, $"{model.Activity.TokensGenerated} tokens for 50 aborted streams");

        var clock = Stopwatch.StartNew();
        var next = await client.CreateAsync(Body(16, stream: false));
        Assert.Equal("incomplete", (string?)next["status"]);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the next request took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_queued_request_whose_client_leaves_leaves_the_queue()
    {
        using var factory = Server(maxConcurrency: 1, queue: 1);
        using var client = factory.CreateClient();
        var scheduler = factory.Services.GetRequiredService<IGenerationScheduler>();

        // A holds the only slot, paused on a reader that reads nothing more.
        using var holdRequest = new HttpRequestMessage(HttpMethod.Post, "/v1/responses") { Content = Api.Json(Body(20_000, stream: true)) };
        var hold = await client.SendAsync(holdRequest, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, hold.StatusCode);

        // B waits in the queue, then its client gives up.
        using (var leave = new CancellationTokenSource())
        {
            var waiting = client.PostResponseAsync(Body(16, stream: false), leave.Token);
            await WaitUntil(() => scheduler.Status.Queued == 1);
            await leave.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        }

        await WaitUntil(() => scheduler.Status.Queued == 0);
        Assert.Equal(1, scheduler.Status.Running);

        // C takes the place B left (a queue of one would refuse it otherwise) and runs once A's client leaves.
        var third = client.PostResponseAsync(Body(16, stream: false));
        await WaitUntil(() => scheduler.Status.Queued == 1);
        hold.Dispose();
        using var served = await third;
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task A_client_that_leaves_mid_stream_stops_its_generation()
    {
        using var factory = new ResponsesServerFactory();
        using var client = factory.CreateClient();
        var model = factory.Services.GetRequiredService<IModelCatalog>().Models[0];

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses") { Content = Api.Json(Body(20_000, stream: true)) })
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await SseFrame.ReadAsync(reader) is { } frame && frame.Event != "response.output_text.delta")
            {
            }
        }

        // Not only the HTTP side: the token loop itself ends, long before its 20,000-token limit.
        await WaitUntil(() => model.Activity.Active == 0);
        Assert.True(model.Activity.TokensGenerated < 2000, $"{model.Activity.TokensGenerated} tokens generated after the client left");

        var next = await client.CreateAsync(Body(16, stream: false));
        Assert.Equal("incomplete", (string?)next["status"]);
    }

    [Fact]
    public async Task A_client_that_stops_reading_pauses_its_generation()
    {
        using var factory = new ResponsesServerFactory();
        using var client = factory.CreateClient();
        var model = factory.Services.GetRequiredService<IModelCatalog>().Models[0];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses") { Content = Api.Json(Body(20_000, stream: true)) };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await SseFrame.ReadAsync(reader) is { } frame && frame.Event != "response.output_text.delta")
        {
        }

        // Not reading: the buffers between the generation and the client fill, and the engine pauses it.
        await WaitUntil(() => model.Activity.Paused == 1);
        var paused = model.Activity.TokensGenerated;
        Assert.Equal(1, model.Activity.Active);
        Assert.True(paused < 5000, $"{paused} tokens generated for a client that read one delta");
        // While it is paused it takes no steps: another request's tokens are all the engine makes meanwhile.
        var other = await client.CreateAsync(Body(16, stream: false));
        Assert.Equal(paused + 16, model.Activity.TokensGenerated);
        Assert.Equal("incomplete", (string?)other["status"]);

        // Reading again resumes it.
        for (var i = 0; i < 1000; i++)
        {
            Assert.NotNull(await SseFrame.ReadAsync(reader));
        }

        Assert.True(model.Activity.TokensGenerated > paused, "reading did not resume the generation");
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Bound, "the condition did not hold in time");
            await Task.Delay(10);
        }
    }
}
