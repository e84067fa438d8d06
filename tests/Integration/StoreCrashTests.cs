using System.Net;
using System.Text.Json.Nodes;
using Responses.Server.Runs;
using Responses.Server.Storage;
using Responses.Server.Storage.Sqlite;

namespace Responses.Tests.Integration;

/// <summary>
/// kill -9 in the middle of a burst of creates, on the real server process and its SQLite file: every response
/// whose 200 reached a client before the kill is in the file afterwards. The file is read with a store of our own
/// (which replays the killed process's WAL, as the next server would), so the test needs no GET endpoint.
/// </summary>
public sealed class StoreCrashTests
{
    private const int Clients = 12;
    private const int AcknowledgedBeforeKill = 30;

    [UnixFact]
    public async Task Every_response_acknowledged_before_a_SIGKILL_is_in_the_store_after_it()
    {
        var folder = Path.Combine(Path.GetTempPath(), "responses-tests", "stores", Guid.NewGuid().ToString("N"));
        var path = Path.Combine(folder, "responses.db");
        try
        {
            var acknowledged = await AcknowledgedUntilKilledAsync(path);

            Assert.True(acknowledged.Count >= AcknowledgedBeforeKill, $"only {acknowledged.Count} acknowledged");
            using var store = new SqliteResponseStore(path, new StoreOptions(), TimeProvider.System);
            var missing = new List<string>();
            foreach (var (id, body) in acknowledged)
            {
                var found = await store.FindAsync(id, CancellationToken.None);
                if (found is null)
                {
                    missing.Add(id);
                    continue;
                }

                // Byte for byte what the client was sent: the store keeps the Response as returned.
                Assert.Equal(body, System.Text.Encoding.UTF8.GetString(found.ResponseJson.Span));
            }

            Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged responses lost: {string.Join(", ", missing)}");
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    // Clients post back to back; the one that sees the Nth 200 kills the server while the others are mid-request.
    private static async Task<Dictionary<string, string>> AcknowledgedUntilKilledAsync(string path)
    {
        using var server = await ServerChildProcess.StartAsync(
            "--store", $"sqlite:{path}", "--max-concurrency", "4", "--queue", "64");
        var acknowledged = new Dictionary<string, string>();
        var killed = 0;
        var body = $$"""{"model":"{{Api.Model}}","input":"Count to three.","max_output_tokens":16}""";

        async Task ClientLoop()
        {
            while (Volatile.Read(ref killed) == 0)
            {
                try
                {
                    using var response = await server.Client.PostResponseAsync(body);
                    var text = await response.Content.ReadAsStringAsync();
                    Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}\n{server.Log}");
                    var id = (string)JsonNode.Parse(text)!["id"]!;
                    lock (acknowledged)
                    {
                        acknowledged[id] = text;
                        if (acknowledged.Count < AcknowledgedBeforeKill || Interlocked.Exchange(ref killed, 1) == 1)
                        {
                            continue;
                        }
                    }

                    server.KillHard();
                }
                catch (HttpRequestException) when (Volatile.Read(ref killed) == 1)
                {
                    // Cut off by the kill: never acknowledged, so the store owes it nothing.
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(ClientLoop)));
        await server.WaitForExitAsync();
        lock (acknowledged)
        {
            return new Dictionary<string, string>(acknowledged);
        }
    }
}
