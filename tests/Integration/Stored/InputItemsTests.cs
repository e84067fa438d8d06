using System.Net;
using System.Text.Json.Nodes;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Stored;

/// <summary>GET /v1/responses/{id}/input_items: OpenAI's list shape, newest first, paged by item id.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class InputItemsTests(DefaultServer server)
{
    private const string FiveItems =
        """[{"role":"developer","content":"Be brief."},{"type":"message","role":"user","content":"one","id":"msg_mine"},{"role":"assistant","content":"two"},{"role":"user","content":[{"type":"input_text","text":"three"}]},{"role":"user","content":"four"}]""";

    /// <summary>A tool round trip in the short forms clients send: string contents, no ids, no statuses.</summary>
    private const string ToolChain =
        """[{"role":"developer","content":"Be brief."},{"role":"user","content":"Weather in Paris?"},{"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},{"type":"function_call_output","call_id":"call_1","output":"sunny"},{"role":"assistant","content":"Sunny."},{"role":"user","content":"Thanks."}]""";

    private const string WeatherTool =
        ""","tools":[{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]""";

    private async Task<string> CreateAsync(string items = FiveItems, string extra = "")
    {
        var body = Stored.Body("x", extra).Replace("\"input\":\"x\"", $"\"input\":{items}", StringComparison.Ordinal);
        return (string)(await server.Client.CreateAsync(body))["id"]!;
    }

    [Fact]
    public async Task Every_item_has_an_id_and_the_default_order_is_newest_first()
    {
        var id = await CreateAsync();

        var list = await Stored.InputItemsAsync(server.Client, id);

        Assert.Equal("list", (string?)list["object"]);
        var data = list["data"]!.AsArray().Select(item => item!.AsObject()).ToArray();
        Assert.Equal(5, data.Length);
        Assert.All(data, item => Assert.False(string.IsNullOrEmpty((string?)item["id"])));
        Assert.All(data, item => Assert.Equal("message", (string?)item["type"]));
        Assert.Equal(5, data.Select(item => (string?)item["id"]).Distinct().Count());
        Assert.Equal(["user", "user", "assistant", "user", "developer"], data.Select(item => (string?)item["role"]));
        Assert.Equal("msg_mine", (string?)data[3]["id"]);
        Assert.Equal((string?)data[0]["id"], (string?)list["first_id"]);
        Assert.Equal((string?)data[^1]["id"], (string?)list["last_id"]);
        Assert.False((bool)list["has_more"]!);
    }

    [Fact]
    public async Task Pages_follow_the_after_cursor_until_has_more_is_false()
    {
        var id = await CreateAsync();
        var all = (await Stored.AllInputItemsAsync(server.Client, id)).Select(item => (string?)item["id"]).ToArray();

        var seen = new List<string?>();
        string? after = null;
        var pages = 0;
        while (true)
        {
            var page = await Stored.InputItemsAsync(server.Client, id, "?order=asc&limit=2" + (after is null ? "" : $"&after={after}"));
            var ids = page["data"]!.AsArray().Select(item => (string?)item!["id"]).ToArray();
            seen.AddRange(ids);
            pages++;
            Assert.Equal(ids[0], (string?)page["first_id"]);
            Assert.Equal(ids[^1], (string?)page["last_id"]);
            if (!(bool)page["has_more"]!)
            {
                break;
            }

            after = (string?)page["last_id"];
        }

        Assert.Equal(3, pages);
        Assert.Equal(all, seen);
        var newest = await Stored.InputItemsAsync(server.Client, id, $"?limit=1&after={all[^1]}");
        Assert.Equal(all[^2], (string?)newest["first_id"]);
        Assert.True((bool)newest["has_more"]!);
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?after=msg_nowhere", "after")]
    public async Task Out_of_range_limits_and_unknown_cursors_are_400s(string query, string param)
    {
        var id = await CreateAsync();

        using var response = await server.Client.GetAsync($"/v1/responses/{id}/input_items{query}");

        await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_value", param);
    }

    [Fact]
    public async Task A_text_input_is_listed_as_the_user_message_it_stands_for()
    {
        var id = (string)(await server.Client.CreateAsync(Stored.Body("plain text")))["id"]!;

        var item = Assert.Single(await Stored.AllInputItemsAsync(server.Client, id));

        Assert.Equal(
            $$"""{"type":"message","id":"{{item["id"]}}","role":"user","content":[{"type":"input_text","text":"plain text"}],"status":"completed"}""",
            item.ToJsonString());
    }

    [Fact]
    public async Task Items_sent_in_short_forms_are_listed_in_OpenAIs_full_forms()
    {
        var id = await CreateAsync(ToolChain, WeatherTool);

        var items = await Stored.AllInputItemsAsync(server.Client, id);

        string[] ids = [.. items.Select(item => (string)item["id"]!)];
        string[] expected =
            [
                $$"""{"type":"message","id":"{{ids[0]}}","role":"developer","content":[{"type":"input_text","text":"Be brief."}],"status":"completed"}""",
                $$"""{"type":"message","id":"{{ids[1]}}","role":"user","content":[{"type":"input_text","text":"Weather in Paris?"}],"status":"completed"}""",
                $$"""{"type":"function_call","id":"{{ids[2]}}","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}","status":"completed"}""",
                $$"""{"type":"function_call_output","id":"{{ids[3]}}","call_id":"call_1","output":"sunny","status":"completed"}""",
                $$"""{"type":"message","id":"{{ids[4]}}","role":"assistant","content":[{"type":"output_text","text":"Sunny.","annotations":[],"logprobs":[]}],"status":"completed"}""",
                $$"""{"type":"message","id":"{{ids[5]}}","role":"user","content":[{"type":"input_text","text":"Thanks."}],"status":"completed"}""",
            ];
        Assert.Equal(expected.Select(json => JsonNode.Parse(json)!.ToJsonString()), items.Select(item => item.ToJsonString()));
        Assert.StartsWith("fc_", ids[2], StringComparison.Ordinal);
        Assert.StartsWith("fco_", ids[3], StringComparison.Ordinal);
    }

    [OpenAISchemaFact]
    public async Task Every_page_and_every_item_validates_against_OpenAIs_schemas()
    {
        var id = await CreateAsync(ToolChain, WeatherTool);
        var mixed = await CreateAsync();

        foreach (var responseId in new[] { id, mixed })
        {
            var list = await Stored.InputItemsAsync(server.Client, responseId);
            OpenAISchemas.AssertValid("ResponseItemList", list);
            foreach (var item in list["data"]!.AsArray())
            {
                OpenAISchemas.AssertValid("ItemResource", item);
            }

            var oldest = (string)list["last_id"]!;
            var empty = await Stored.InputItemsAsync(server.Client, responseId, $"?after={oldest}");
            Assert.Empty(empty["data"]!.AsArray());
            OpenAISchemas.AssertValid("ResponseItemList", empty);
        }
    }
}
