using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Responses.Server.Runs.Background;
using Responses.Server.Storage;
using Responses.Tests.Integration.Store.Postgres;
using Responses.Tests.Integration.Stored;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Background;

/// <summary>
/// Two server processes on one store (one SQLite file; one PostgreSQL database) agree about a background response
/// that one of them runs: the other shows it in progress, cancels it, resumes its stream byte for byte; and a
/// response whose process stopped saying it runs it is failed, while one a live process runs is not.
/// </summary>
public sealed class ReplicaTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    [Fact]
    public async Task Two_processes_on_one_SQLite_file_show_cancel_and_resume_each_others_background_response()
    {
        var folder = StoreServers.TempFolder();
        try
        {
            var path = Path.Combine(folder, "responses.db");
            await AgreeAsync(StoreServers.Sqlite(path), StoreServers.Sqlite(path));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [PostgresFact]
    public async Task Two_replicas_on_one_PostgreSQL_show_cancel_and_resume_each_others_background_response()
    {
        var connectionString = await databases.CreateAsync();
        await AgreeAsync(StoreServers.Postgres(connectionString), StoreServers.Postgres(connectionString));
    }

    [Fact]
    public async Task A_response_is_failed_once_its_process_heartbeat_expires_never_because_it_started_elsewhere_earlier()
    {
        var folder = StoreServers.TempFolder();
        try
        {
            using var server = StoreServers.Sqlite(Path.Combine(folder, "responses.db"));
            using var client = server.CreateClient();
            var finished = await client.CreateAsync(Background.Body(16));
            var (_, final) = await Background.PollAsync(client, (string)finished["id"]!);
            var store = server.Services.GetRequiredService<IResponseStore>();
            var runs = server.Services.GetRequiredService<SharedBackgroundRuns>().Store!;
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

            // As another process left them: one still saying it runs its response, one silent for a minute.
            var alive = await StoreRunningAsync(store, final, "resp_alive_elsewhere");
            await runs.ClaimAsync(alive, "other-host/1/live", now, CancellationToken.None);
            var dead = await StoreRunningAsync(store, final, "resp_dead_elsewhere");
            await runs.ClaimAsync(dead, "other-host/2/dead", now - 60_000, CancellationToken.None);

            Assert.Equal("in_progress", (string?)(await Background.GetAsync(client, alive))["status"]);
            var failed = await Background.GetAsync(client, dead);
            Assert.Equal("failed", (string?)failed["status"]);
            Assert.Equal(BackgroundRetrieval.ReplicaStoppedMessage, (string?)failed["error"]!["message"]);
            using var continued = await client.PostResponseAsync(Stored.Stored.Body("go on", Stored.Stored.After(dead)));
            await Api.AssertErrorAsync(continued, HttpStatusCode.BadRequest, "invalid_value", "previous_response_id");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task AgreeAsync(ResponsesServerFactory runsIt, ResponsesServerFactory other)
    {
        using (runsIt)
        using (other)
        {
            using var a = runsIt.CreateClient();
            using var b = other.CreateClient();
            using var original = await Background.OpenAsync(a, Background.Create(Background.Body(20_000, ""","stream":true""")));
            var frames = new List<SseFrame> { (await original.NextAsync())! };
            var id = (string)frames[0].Json["response"]!["id"]!;
            var restOfOriginal = original.ReadToEndAsync();

            // B sees it run, and resumes its stream from the store while it does.
            for (var wait = 0; (string?)(await Background.GetAsync(b, id))["status"] != "in_progress"; wait++)
            {
                Assert.True(wait < 500, "B never saw the response in progress");
                await Task.Delay(20);
            }

            using var resumed = await Background.OpenAsync(b, Background.Resume(id, startingAfter: 2));
            var resumedFrames = new List<SseFrame>();
            while (resumedFrames.Count < 20 && await resumed.NextAsync() is { } frame)
            {
                resumedFrames.Add(frame);
            }

            using var cancelled = await Background.CancelAsync(b, id);
            var cancelledText = await cancelled.Content.ReadAsStringAsync();
            Assert.True(cancelled.StatusCode == HttpStatusCode.OK, cancelledText);
            Assert.Equal("cancelled", (string?)JsonNode.Parse(cancelledText)!["status"]);
            resumedFrames.AddRange(await resumed.ReadToEndAsync());
            frames.AddRange(await restOfOriginal);

            Assert.True(frames.Count > 25, $"only {frames.Count} events before the cancel");
            Assert.Equal(frames.Skip(3).Select(f => f.Data), resumedFrames.Select(f => f.Data));
            Assert.Equal(cancelledText, (await Background.GetAsync(a, id)).ToJsonString());
        }
    }

    /// <summary>A finished response stored again under another id as in_progress, as a process that runs it would have stored it.</summary>
    private static async Task<string> StoreRunningAsync(IResponseStore store, JsonObject finished, string id)
    {
        var running = finished.DeepClone().AsObject();
        running["id"] = id;
        running["status"] = "in_progress";
        var json = Encoding.UTF8.GetBytes(running.ToJsonString());
        await store.SaveAsync(new StoredResponse(id, json, "[]"u8.ToArray(), "[]"u8.ToArray(), (long)finished["created_at"]!), CancellationToken.None);
        return id;
    }
}
