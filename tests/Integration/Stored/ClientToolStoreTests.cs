using System.Text.Json.Nodes;
using Responses.Tests.Integration.Agents;
using Responses.Tests.Integration.Store.Postgres;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Stored;

/// <summary>
/// shell_call items and their outputs kept by every backend: the memory store (which holds the output item objects),
/// SQLite (the default server's, in ClientExecutedToolTests) and PostgreSQL; listed in OpenAI's shapes after a
/// previous_response_id continuation and in a conversation.
/// </summary>
public sealed class ClientToolStoreTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    [Fact]
    public async Task The_memory_store_keeps_and_lists_a_shell_call_and_its_output()
    {
        using var server = StoreServers.Memory();
        await RoundTripAsync(server);
    }

    [PostgresFact]
    public async Task PostgreSQL_keeps_and_lists_a_shell_call_and_its_output()
    {
        using var server = StoreServers.Postgres(await databases.CreateAsync());
        await RoundTripAsync(server);
    }

    private static async Task RoundTripAsync(ResponsesServerFactory server)
    {
        using var client = server.CreateClient();
        using var created = await client.PostAsync("/v1/conversations", Api.Json("{}"));
        var conversation = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;
        const string shell = """{"type":"shell","environment":{"type":"local"}}""";
        var first = await client.CreateAsync(AgentRequests.Body("\"List the files.\"", shell, """{"type":"shell"}""", $$""","conversation":"{{conversation}}" """, temperature: 1, maxOutputTokens: 400));
        var call = first["output"]![0]!;
        Assert.Equal("shell_call", (string?)call["type"]);

        var output = $$$"""[{"type":"shell_call_output","call_id":"{{{(string)call["call_id"]!}}}","output":[{"stdout":"x","stderr":"","outcome":{"type":"exit","exit_code":0}}]}]""";
        var next = await client.CreateAsync(AgentRequests.Body(output, shell, "\"auto\"", $$""","conversation":"{{conversation}}" """, maxOutputTokens: 16));

        using var listed = await client.GetAsync($"/v1/conversations/{conversation}/items?order=asc&limit=100");
        var items = JsonNode.Parse(await listed.Content.ReadAsStringAsync())!["data"]!.AsArray();
        Assert.Equal(["message", "shell_call", "shell_call_output", "message"], items.Select(i => (string?)i!["type"]).Take(4));
        Assert.True(JsonNode.DeepEquals(call, items[1]), items[1]!.ToJsonString());
        Assert.NotNull((string?)next["id"]);
    }
}
