using Responses.Tests.Support;

namespace Responses.Tests.Integration.Background;

/// <summary>A background response survives its client but not its server: the shutdown drains it and stores how it ended.</summary>
public sealed class BackgroundShutdownTests
{
    [Fact]
    public async Task At_shutdown_running_and_queued_background_responses_are_stopped_and_stored_as_failed()
    {
        var storePath = Path.Combine(Path.GetTempPath(), "responses-tests", "stores", $"{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string>
        {
            ["Store:Backend"] = "sqlite",
            ["Store:Path"] = storePath,
            ["Scheduler:MaxConcurrency"] = "1",
            ["Server:ShutdownGraceSeconds"] = "0",
        };
        try
        {
            string running, queued;
            using (var factory = new ResponsesServerFactory { Settings = settings })
            using (var client = factory.CreateClient())
            {
                running = (string)(await client.CreateAsync(Background.Body(20_000)))["id"]!;
                while ((string?)(await Background.GetAsync(client, running))["status"] != "in_progress")
                {
                    await Task.Delay(10);
                }

                queued = (string)(await client.CreateAsync(Background.Body(16)))["id"]!;
            }

            using var restarted = new ResponsesServerFactory { Settings = settings };
            using var next = restarted.CreateClient();
            foreach (var id in new[] { running, queued })
            {
                var response = await Background.GetAsync(next, id);
                Assert.Equal("failed", (string?)response["status"]);
                Assert.Contains("shutting down", (string?)response["error"]!["message"], StringComparison.Ordinal);
            }
        }
        finally
        {
            foreach (var file in new[] { storePath, storePath + "-wal", storePath + "-shm" }.Where(File.Exists))
            {
                File.Delete(file);
            }
        }
    }
}
