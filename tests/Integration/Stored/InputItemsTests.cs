using System.Net;
using System.Text.Json.Nodes;

namespace Responses.Tests.Integration.Stored;

/// <summary>GET /v1/responses/{id}/input_items: OpenAI's list shape, newest first, paged by item id.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class InputItemsTests(DefaultServer server)
{
    private const string FiveItems =
        """[{"role":"developer","content":"Be brief."},{"type":"message","role":"user","content":"one","id":"msg_mine"},{"role":"assistant","content":"two"},{"role":"user","content":[{"type":"input_text","text":"three"}]},{"role":"user","content":"four"}]""";

    private async Task<string> CreateAsync()
    {
        var body = Stored.Body("x").Replace("\"input\":\"x\"", $"\"input\":{FiveItems}", StringComparison.Ordinal);
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
}
