using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Runs.Responses;
using Responses.Tests.Support;
using Xunit.Abstractions;

namespace Responses.Tests.Integration.Stored;

/// <summary>
/// A long previous_response_id chain on the default store (SQLite): what the file holds grows with the turns, not
/// with their square, because each stored response keeps its own items and points at the one it continues. Each
/// turn takes the create path up to generation (the Responses adapter loads the chain and renders the prompt on
/// the real model) and is kept as a finished response is (ResponseArchive); only the generation is left out, since
/// a hundred turns of a prompt the size of the context take minutes and say nothing more about the store.
/// </summary>
public sealed class ChainGrowthTests(ITestOutputHelper output)
{
    private const int Turns = 100;

    [Fact]
    public async Task A_hundred_turns_of_a_kilobyte_take_at_most_fifteen_times_what_ten_take()
    {
        var folder = StoreServers.TempFolder();
        var path = Path.Combine(folder, "responses.db");
        try
        {
            using var server = StoreServers.Sqlite(path);
            string? previous = null;
            long afterTen = 0;
            for (var turn = 1; turn <= Turns; turn++)
            {
                previous = await TurnAsync(server, Text(turn), previous);
                if (turn == 10)
                {
                    afterTen = LiveBytes(path);
                }
            }

            var afterHundred = LiveBytes(path);
            var ratio = (double)afterHundred / afterTen;
            output.WriteLine($"live bytes after 10 turns: {afterTen:N0}; after {Turns}: {afterHundred:N0}; ratio {ratio:F1}");
            Assert.True(ratio <= 15, $"{afterTen:N0} bytes after 10 turns, {afterHundred:N0} after {Turns}: {ratio:F1}x");

            // And the chain is whole: the tip lists every turn's input and output, oldest first.
            using var client = server.CreateClient();
            var items = await AllItemsAsync(client, previous!);
            Assert.Equal(2 * Turns - 1, items.Count);
            Assert.Equal(Text(1), items[0].GetProperty("content")[0].GetProperty("text").GetString());
            Assert.Equal($"Answer {Turns - 1}.", items[^2].GetProperty("content")[0].GetProperty("text").GetString());
            Assert.Equal(Text(Turns), items[^1].GetProperty("content")[0].GetProperty("text").GetString());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_hundred_turns_of_a_conversation_grow_linearly_too_and_each_lists_the_conversation_before_it()
    {
        var folder = StoreServers.TempFolder();
        var path = Path.Combine(folder, "responses.db");
        try
        {
            using var server = StoreServers.Sqlite(path);
            using var client = server.CreateClient();
            using var created = await client.PostAsync("/v1/conversations", Api.Json("{}"));
            var conversation = (string)System.Text.Json.Nodes.JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;
            string? last = null;
            long afterTen = 0;
            for (var turn = 1; turn <= Turns; turn++)
            {
                last = await TurnAsync(server, Text(turn), previous: null, conversation);
                if (turn == 10)
                {
                    afterTen = LiveBytes(path);
                }
            }

            var afterHundred = LiveBytes(path);
            var ratio = (double)afterHundred / afterTen;
            output.WriteLine($"conversation: live bytes after 10 turns: {afterTen:N0}; after {Turns}: {afterHundred:N0}; ratio {ratio:F1}");
            Assert.True(ratio <= 15, $"{afterTen:N0} bytes after 10 turns, {afterHundred:N0} after {Turns}: {ratio:F1}x");

            // OpenAI lists a conversation's items before a response's own input among its input items.
            var items = await AllItemsAsync(client, last!);
            Assert.Equal(2 * Turns - 1, items.Count);
            Assert.Equal(Text(1), items[0].GetProperty("content")[0].GetProperty("text").GetString());
            Assert.Equal(Text(Turns), items[^1].GetProperty("content")[0].GetProperty("text").GetString());

            // A chain that leaves the conversation takes it along: its prompt (the newest that fit) holds the turn
            // before the continued response's own.
            var prompt = await Stored.PromptAsync(server, Stored.Body("And then?", Stored.After(last!) + ""","truncation":"auto" """));
            Assert.Contains(Text(Turns - 1), prompt, StringComparison.Ordinal);
            Assert.Contains(Text(Turns), prompt, StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// One turn continuing <paramref name="previous"/> (or in <paramref name="conversation"/>), planned as a create
    /// request is and kept as it finishes (added to its conversation, then stored); its id.
    /// </summary>
    private static async Task<string> TurnAsync(ResponsesServerFactory server, string text, string? previous, string? conversation = null)
    {
        var body = Stored.Body(text, ""","truncation":"auto" """ + (previous is null ? "" : Stored.After(previous))
            + (conversation is null ? "" : $$""","conversation":"{{conversation}}" """));
        var request = JsonSerializer.Deserialize<CreateResponse>(body, TestJson.Read)!;
        using var scope = server.Services.CreateScope();
        var plan = await scope.ServiceProvider.GetRequiredService<ResponsesAdapter>().PlanAsync(request, held: null, telemetry: null, CancellationToken.None);
        var run = ((ResponseProjection)plan.Projection).Run;
        var turn = run.History.Count / 2 + 1;
        var answer = new OutputMessage
        {
            Id = $"msg_answer_{turn}",
            Role = OutputMessageRole.Assistant,
            Status = OutputItemStatus.Completed,
            Content = [new OutputTextContent { Text = $"Answer {turn}." }],
        };
        var response = ResponseObjectFactory.Finished(run, [answer], FinishReason.Stop, new TokenUsage(run.Generation.Prompt.TokenCount, 3), run.Generation.CreatedAt);
        var archive = scope.ServiceProvider.GetRequiredService<ResponseArchive>();
        await archive.AddToConversationAsync(run, response, CancellationToken.None);
        await archive.SaveAsync(run, response, CancellationToken.None);
        return run.ResponseId;
    }

    private static string Text(int turn)
    {
        var text = new StringBuilder($"Turn {turn}:");
        for (var word = 0; text.Length < 1000; word++)
        {
            text.Append(" note").Append(turn * 131 + word);
        }

        return text.ToString();
    }

    /// <summary>The database's pages in use (committed, WAL included), not the file's length, which only grows.</summary>
    private static long LiveBytes(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        long Pragma(string name)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {name};";
            return (long)command.ExecuteScalar()!;
        }

        return (Pragma("page_count") - Pragma("freelist_count")) * Pragma("page_size");
    }

    private static async Task<List<JsonElement>> AllItemsAsync(HttpClient client, string responseId)
    {
        var items = new List<JsonElement>();
        string? after = null;
        while (true)
        {
            var page = await Stored.InputItemsAsync(client, responseId, "?order=asc&limit=100" + (after is null ? "" : $"&after={after}"));
            using var document = JsonDocument.Parse(page.ToJsonString());
            items.AddRange(document.RootElement.GetProperty("data").EnumerateArray().Select(item => item.Clone()));
            if (!document.RootElement.GetProperty("has_more").GetBoolean())
            {
                return items;
            }

            after = document.RootElement.GetProperty("last_id").GetString();
        }
    }
}
