using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Responses.Inference;
using Responses.Server.Runs.Background;
using Responses.Server.Storage;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Background;

/// <summary>background: true from HTTP: queued at once, followed by GET, cancelled by POST .../cancel, on the embedded model.</summary>
public sealed class BackgroundResponseTests : IDisposable
{
    private readonly ResponsesServerFactory factory = new();
    private readonly HttpClient client;

    public BackgroundResponseTests()
    {
        client = factory.CreateClient();
    }

    public void Dispose()
    {
        client.Dispose();
        factory.Dispose();
    }

    [Fact]
    public async Task A_background_response_is_queued_at_once_and_polled_to_its_final_state()
    {
        var created = await client.CreateAsync(Background.Body(maxOutputTokens: 32));

        Assert.Equal("queued", (string?)created["status"]);
        Assert.True((bool)created["background"]!);
        Assert.Empty(created["output"]!.AsArray());
        var id = (string)created["id"]!;
        var (seen, final) = await Background.PollAsync(client, id);

        Assert.Equal("incomplete", (string?)final["status"]);
        Assert.True((bool)final["background"]!);
        Assert.Equal(32, (int)final["usage"]!["output_tokens"]!);
        Assert.False(string.IsNullOrEmpty(Api.OutputText(final)));
        Assert.Subset(new HashSet<string> { "queued", "in_progress", "incomplete" }, seen.ToHashSet());
        // Once finished, it is a stored response like any other: it can be continued.
        var next = await client.CreateAsync(Integration.Stored.Stored.Body("And then?", Integration.Stored.Stored.After(id)));
        Assert.Equal(id, (string?)next["previous_response_id"]);
    }

    [Fact]
    public async Task Cancel_stops_a_running_response_frees_its_slot_and_returns_it_cancelled()
    {
        var scheduler = factory.Services.GetRequiredService<IGenerationScheduler>();
        using var stream = await Background.OpenAsync(client, Background.Create(Background.Body(20_000, ""","stream":true""")));
        var id = (string)(await stream.NextAsync())!.Json["response"]!["id"]!;
        // Mid-generation: text is being written.
        while (await stream.NextAsync() is { Event: not "response.output_text.delta" })
        {
        }

        // Its output is not there yet, so it cannot be continued.
        using (var early = await client.PostResponseAsync(Integration.Stored.Stored.Body("And then?", Integration.Stored.Stored.After(id))))
        {
            await Api.AssertErrorAsync(early, HttpStatusCode.BadRequest, "invalid_value", "previous_response_id");
        }

        using var cancelled = await Background.CancelAsync(client, id);

        var text = await cancelled.Content.ReadAsStringAsync();
        Assert.True(cancelled.StatusCode == HttpStatusCode.OK, text);
        var response = JsonNode.Parse(text)!;
        Assert.Equal("cancelled", (string?)response["status"]);
        Assert.Equal("incomplete", (string?)response["output"]![0]!["status"]);
        Assert.False(string.IsNullOrEmpty(Api.OutputText(response)));
        Assert.Equal(0, scheduler.Status.Running);
        Assert.Equal(text, (await Background.GetAsync(client, id)).ToJsonString());
        // The stream ends after the last event written: OpenAI's stream has no event for a cancellation.
        var rest = await stream.ReadToEndAsync();
        Assert.DoesNotContain(rest, f => f.Event is "response.completed" or "response.incomplete" or "response.failed");
        // Cancelling again returns the same cancelled response.
        using var again = await Background.CancelAsync(client, id);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(text, await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_queued_response_is_cancelled_before_it_runs()
    {
        using var busy = new ResponsesServerFactory
        {
            Settings = new Dictionary<string, string> { ["Scheduler:MaxConcurrency"] = "1" },
        };
        using var busyClient = busy.CreateClient();
        var running = (string)(await busyClient.CreateAsync(Background.Body(20_000)))["id"]!;
        while ((string?)(await Background.GetAsync(busyClient, running))["status"] != "in_progress")
        {
            await Task.Delay(10);
        }

        var queued = (string)(await busyClient.CreateAsync(Background.Body(16)))["id"]!;

        using var cancelled = await Background.CancelAsync(busyClient, queued);
        using var cancelledRunning = await Background.CancelAsync(busyClient, running);

        var response = JsonNode.Parse(await cancelled.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (string?)response["status"]);
        Assert.Empty(response["output"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, cancelledRunning.StatusCode);
    }

    [Fact]
    public async Task A_background_response_waits_for_a_full_scheduler_instead_of_being_refused()
    {
        using var full = new ResponsesServerFactory
        {
            Settings = new Dictionary<string, string> { ["Scheduler:MaxConcurrency"] = "1", ["Scheduler:QueueLength"] = "0" },
        };
        using var fullClient = full.CreateClient();
        var holding = (string)(await fullClient.CreateAsync(Background.Body(20_000)))["id"]!;
        while ((string?)(await Background.GetAsync(fullClient, holding))["status"] != "in_progress")
        {
            await Task.Delay(10);
        }

        var waiting = (string)(await fullClient.CreateAsync(Background.Body(16)))["id"]!;
        using var refused = await fullClient.PostResponseAsync(Integration.Stored.Stored.Body("Hi."));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("queued", (string?)(await Background.GetAsync(fullClient, waiting))["status"]);

        using var cancelled = await Background.CancelAsync(fullClient, holding);
        var (_, final) = await Background.PollAsync(fullClient, waiting);

        Assert.Equal("incomplete", (string?)final["status"]);
    }

    [Fact]
    public async Task Cancelling_a_finished_response_is_a_400()
    {
        var id = (string)(await client.CreateAsync(Background.Body(16)))["id"]!;
        await Background.PollAsync(client, id);

        using var response = await Background.CancelAsync(client, id);

        var error = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, null, "response_id");
        Assert.Equal($"Cannot cancel response '{id}': it has already finished (status 'incomplete').", (string?)error["message"]);
    }

    [Fact]
    public async Task Cancelling_a_response_created_without_background_is_a_400_and_an_unknown_one_a_404()
    {
        var id = (string)(await client.CreateAsync(Integration.Stored.Stored.Body("Hi.")))["id"]!;

        using var synchronous = await Background.CancelAsync(client, id);
        using var unknown = await Background.CancelAsync(client, "resp_unknown");

        var error = await Api.AssertErrorAsync(synchronous, HttpStatusCode.BadRequest, null, "response_id");
        Assert.StartsWith("Cannot cancel a synchronous response", (string?)error["message"]);
        var missing = await Api.AssertErrorAsync(unknown, HttpStatusCode.NotFound, null, "response_id");
        Assert.Equal("Response with id 'resp_unknown' not found.", (string?)missing["message"]);
    }

    [Fact]
    public async Task Deleting_a_running_response_stops_it_and_it_stays_deleted()
    {
        var scheduler = factory.Services.GetRequiredService<IGenerationScheduler>();
        var background = factory.Services.GetRequiredService<BackgroundResponses>();
        using var stream = await Background.OpenAsync(client, Background.Create(Background.Body(20_000, ""","stream":true""")));
        var id = (string)(await stream.NextAsync())!.Json["response"]!["id"]!;
        while (await stream.NextAsync() is { Event: not "response.output_text.delta" })
        {
        }

        using var deleted = await client.DeleteAsync($"/v1/responses/{id}");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        // The run is over once the delete answered: it neither goes on generating nor stores itself again.
        Assert.False(background.IsRunning(id));
        Assert.Equal(0, scheduler.Status.Running);
        using var afterwards = await client.GetAsync($"/v1/responses/{id}");
        await Api.AssertErrorAsync(afterwards, HttpStatusCode.NotFound, null, "response_id");
    }

    [Fact]
    public async Task Background_with_store_false_is_a_400_naming_store()
    {
        using var response = await client.PostResponseAsync(Background.Body(16, ""","store":false"""));

        var error = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_value", "store");
        Assert.StartsWith("Background mode requires 'store' to be true", (string?)error["message"]);
    }

    [Fact]
    public async Task Beyond_the_running_bound_a_background_request_gets_429()
    {
        using var bounded = new ResponsesServerFactory
        {
            Settings = new Dictionary<string, string> { ["Background:MaxRunning"] = "1", ["Scheduler:MaxConcurrency"] = "1" },
        };
        using var boundedClient = bounded.CreateClient();
        var running = (string)(await boundedClient.CreateAsync(Background.Body(20_000)))["id"]!;

        using var refused = await boundedClient.PostResponseAsync(Background.Body(16));

        await Api.AssertErrorAsync(refused, HttpStatusCode.TooManyRequests, "rate_limit_exceeded", null, type: "requests");
        using var cancelled = await Background.CancelAsync(boundedClient, running);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("queued", (string?)(await boundedClient.CreateAsync(Background.Body(16)))["status"]);
    }

    [Fact]
    public async Task A_response_left_unfinished_by_a_previous_process_reads_as_failed()
    {
        var id = (string)(await client.CreateAsync(Background.Body(16)))["id"]!;
        await Background.PollAsync(client, id);
        var store = factory.Services.GetRequiredService<IResponseStore>();
        var finished = (await store.FindAsync(id, CancellationToken.None))!;
        var left = JsonNode.Parse(finished.ResponseJson.Span)!.AsObject();
        left["id"] = "resp_left";
        left["status"] = "in_progress";
        left["created_at"] = ResponsesServerFactory.Epoch.ToUnixTimeSeconds() - 60;
        await store.SaveAsync(finished with { Id = "resp_left", ResponseJson = System.Text.Encoding.UTF8.GetBytes(left.ToJsonString()) }, CancellationToken.None);

        var fetched = await Background.GetAsync(client, "resp_left");
        using var cancel = await Background.CancelAsync(client, "resp_left");

        Assert.Equal("failed", (string?)fetched["status"]);
        Assert.Equal("server_error", (string?)fetched["error"]!["code"]);
        // The default store is SQLite, which several processes may share: no process says it runs this one.
        Assert.Equal(BackgroundRetrieval.ReplicaStoppedMessage, (string?)fetched["error"]!["message"]);
        await Api.AssertErrorAsync(cancel, HttpStatusCode.BadRequest, null, "response_id");
    }
}
