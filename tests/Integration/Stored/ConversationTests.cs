using System.Net;
using System.Text.Json.Nodes;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Stored;

/// <summary>
/// The Conversations API as the SDKs call it, and responses created in a conversation: each reads the items before
/// it and adds its own input and output after it, in order.
/// </summary>
[Collection(DefaultServerCollection.Name)]
public sealed class ConversationTests(DefaultServer server)
{
    [Fact]
    public async Task A_conversation_is_created_read_updated_and_deleted_as_OpenAI_returns_them()
    {
        var created = await SendAsync(HttpMethod.Post, "/v1/conversations", """{"metadata":{"topic":"demo"},"items":[{"type":"message","role":"user","content":"Hello!"}]}""");
        var id = (string)created["id"]!;
        Assert.StartsWith("conv_", id, StringComparison.Ordinal);
        Assert.Equal("conversation", (string?)created["object"]);
        Assert.Equal("demo", (string?)created["metadata"]!["topic"]);
        Assert.True((long)created["created_at"]! > 0);

        Assert.Equal(created.ToJsonString(), (await SendAsync(HttpMethod.Get, $"/v1/conversations/{id}")).ToJsonString());
        var updated = await SendAsync(HttpMethod.Post, $"/v1/conversations/{id}", """{"metadata":{"topic":"other"}}""");
        Assert.Equal("other", (string?)updated["metadata"]!["topic"]);
        Assert.Equal("other", (string?)(await SendAsync(HttpMethod.Get, $"/v1/conversations/{id}"))["metadata"]!["topic"]);

        var deleted = await SendAsync(HttpMethod.Delete, $"/v1/conversations/{id}");
        Assert.Equal("""{"object":"conversation.deleted","deleted":true,"id":"ID"}""".Replace("ID", id, StringComparison.Ordinal), deleted.ToJsonString());
        foreach (var (method, path) in new[] { (HttpMethod.Get, $"/v1/conversations/{id}"), (HttpMethod.Delete, $"/v1/conversations/{id}"), (HttpMethod.Get, $"/v1/conversations/{id}/items") })
        {
            using var gone = await server.Client.SendAsync(new HttpRequestMessage(method, path));
            var error = await Api.AssertErrorAsync(gone, HttpStatusCode.NotFound, null, "conversation_id");
            Assert.Equal($"Conversation with id '{id}' not found.", (string?)error["message"]);
        }

        using var continued = await server.Client.PostResponseAsync(Stored.Body("go on", $$""","conversation":"{{id}}" """));
        await Api.AssertErrorAsync(continued, HttpStatusCode.NotFound, null, "conversation");
    }

    [Fact]
    public async Task Items_are_added_listed_by_page_read_and_deleted()
    {
        var id = (string)(await SendAsync(HttpMethod.Post, "/v1/conversations", "{}"))["id"]!;
        Assert.Empty((await SendAsync(HttpMethod.Get, $"/v1/conversations/{id}/items"))["data"]!.AsArray());

        var added = await SendAsync(HttpMethod.Post, $"/v1/conversations/{id}/items", """
            {"items":[{"type":"message","role":"user","content":[{"type":"input_text","text":"one"}]},
                      {"role":"user","content":"two"},
                      {"type":"message","role":"user","content":"three","id":"msg_client_three"}]}
            """);
        var ids = added["data"]!.AsArray().Select(item => (string)item!["id"]!).ToArray();
        Assert.Equal(3, ids.Length);
        Assert.Equal("msg_client_three", ids[2]);
        Assert.Equal(ids[0], (string?)added["first_id"]);
        Assert.Equal(ids[2], (string?)added["last_id"]);
        Assert.False((bool)added["has_more"]!);

        // OpenAI's default order is newest first; after pages on in the order asked.
        var newest = await SendAsync(HttpMethod.Get, $"/v1/conversations/{id}/items?limit=2");
        Assert.Equal(new[] { ids[2], ids[1] }, newest["data"]!.AsArray().Select(item => (string)item!["id"]!));
        Assert.True((bool)newest["has_more"]!);
        var rest = await SendAsync(HttpMethod.Get, $"/v1/conversations/{id}/items?limit=2&after={ids[1]}");
        Assert.Equal(new[] { ids[0] }, rest["data"]!.AsArray().Select(item => (string)item!["id"]!));
        var oldest = await SendAsync(HttpMethod.Get, $"/v1/conversations/{id}/items?order=asc");
        Assert.Equal(ids, oldest["data"]!.AsArray().Select(item => (string)item!["id"]!));

        Assert.Equal(ids[1], (string?)(await SendAsync(HttpMethod.Get, $"/v1/conversations/{id}/items/{ids[1]}"))["id"]);
        var afterDelete = await SendAsync(HttpMethod.Delete, $"/v1/conversations/{id}/items/{ids[1]}");
        Assert.Equal(id, (string?)afterDelete["id"]);
        Assert.Equal("conversation", (string?)afterDelete["object"]);
        using (var gone = await server.Client.GetAsync($"/v1/conversations/{id}/items/{ids[1]}"))
        {
            await Api.AssertErrorAsync(gone, HttpStatusCode.NotFound, null, "item_id");
        }

        Assert.Equal(new[] { ids[0], ids[2] }, (await SendAsync(HttpMethod.Get, $"/v1/conversations/{id}/items?order=asc"))["data"]!.AsArray().Select(item => (string)item!["id"]!));
    }

    [Fact]
    public async Task Two_responses_in_a_conversation_see_the_turns_before_them_and_add_theirs_in_order()
    {
        var id = (string)(await SendAsync(HttpMethod.Post, "/v1/conversations", """{"items":[{"role":"developer","content":"Be brief."}]}"""))["id"]!;

        var first = await server.Client.CreateAsync(Stored.Body("first-turn", $$""","conversation":"{{id}}" """));
        var second = await server.Client.CreateAsync(Stored.Body("second-turn", $$""","conversation":{"id":"{{id}}"} """));

        Assert.Equal(id, (string?)first["conversation"]!["id"]);
        Assert.Equal(id, (string?)second["conversation"]!["id"]);
        Assert.True((int)second["usage"]!["input_tokens"]! > (int)first["usage"]!["input_tokens"]! + 5);
        var items = (await SendAsync(HttpMethod.Get, $"/v1/conversations/{id}/items?order=asc"))["data"]!.AsArray().Select(item => item!.AsObject()).ToArray();
        Assert.Equal(["developer", "user", "assistant", "user", "assistant"], items.Select(item => (string?)item["role"]));
        Assert.Equal((string?)first["output"]![0]!["id"], (string?)items[2]["id"]);
        Assert.Equal((string?)second["output"]![0]!["id"], (string?)items[4]["id"]);

        var prompt = await Stored.PromptAsync(server.Factory, Stored.Body("third-turn", $$""","conversation":"{{id}}" """));
        // The random model may answer both turns alike: the second answer is found after the second turn's input.
        var order = new[] { "Be brief.", "first-turn", Api.OutputText(first), "second-turn", "third-turn" }
            .Select(text => prompt.IndexOf(text, StringComparison.Ordinal))
            .ToArray();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
        Assert.InRange(prompt.IndexOf(Api.OutputText(second), order[3], StringComparison.Ordinal), order[3], order[4]);
    }

    [Fact]
    public async Task A_streamed_and_a_background_response_add_their_items_too()
    {
        var id = (string)(await SendAsync(HttpMethod.Post, "/v1/conversations", "{}"))["id"]!;

        using (var streamed = await server.Client.PostResponseAsync(Stored.Body("streamed-turn", $$""","conversation":"{{id}}","stream":true """)))
        {
            Assert.Contains("\"conversation\":{\"id\":\"" + id + "\"}", await streamed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var queued = await server.Client.CreateAsync(Stored.Body("background-turn", $$""","conversation":"{{id}}","background":true """));
        for (var wait = 0; wait < 300 && (string?)(await SendAsync(HttpMethod.Get, $"/v1/responses/{queued["id"]}"))["status"] is "queued" or "in_progress"; wait++)
        {
            await Task.Delay(100);
        }

        var items = (await SendAsync(HttpMethod.Get, $"/v1/conversations/{id}/items?order=asc"))["data"]!.AsArray();
        Assert.Equal(["user", "assistant", "user", "assistant"], items.Select(item => (string?)item!["role"]));
    }

    [OpenAISchemaFact]
    public async Task Every_item_and_page_is_valid_against_OpenAIs_schemas()
    {
        var id = (string)(await SendAsync(HttpMethod.Post, "/v1/conversations", """
            {"items":[{"role":"user","content":"What is the weather in Paris?"},
                      {"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
                      {"type":"function_call_output","call_id":"call_1","output":"sunny"}]}
            """))["id"]!;
        var response = await server.Client.CreateAsync(Stored.Body("Thanks.", $$""","conversation":"{{id}}" """));
        OpenAISchemas.AssertValid("Response", response);

        var page = await SendAsync(HttpMethod.Get, $"/v1/conversations/{id}/items?order=asc");
        // OpenAI's ConversationItemList is ResponseItemList's shape with ConversationItem (the same item resources).
        OpenAISchemas.AssertValid("ResponseItemList", page);
        var items = page["data"]!.AsArray();
        Assert.Equal(["message", "function_call", "function_call_output", "message", "message"], items.Select(item => (string?)item!["type"]));
        Assert.Equal("input_text", (string?)items[0]!["content"]![0]!["type"]);
        Assert.Equal("completed", (string?)items[2]!["status"]);
        foreach (var item in items)
        {
            OpenAISchemas.AssertValid("ItemResource", item);
            OpenAISchemas.AssertValid("ItemResource", await SendAsync(HttpMethod.Get, $"/v1/conversations/{id}/items/{item!["id"]}"));
        }

        var empty = await SendAsync(HttpMethod.Get, $"/v1/conversations/{(string)(await SendAsync(HttpMethod.Post, "/v1/conversations", "{}"))["id"]!}/items");
        OpenAISchemas.AssertValid("ResponseItemList", empty);
    }

    [Fact]
    public async Task What_OpenAI_refuses_is_refused_with_the_field_named()
    {
        var id = (string)(await SendAsync(HttpMethod.Post, "/v1/conversations", "{}"))["id"]!;

        using (var both = await server.Client.PostResponseAsync(Stored.Body("x", $$""","conversation":"{{id}}","previous_response_id":"resp_1" """)))
        {
            await Api.AssertErrorAsync(both, HttpStatusCode.BadRequest, "invalid_value", "conversation");
        }

        using (var unknown = await server.Client.PostResponseAsync(Stored.Body("x", ""","conversation":"conv_unknown" """)))
        {
            await Api.AssertErrorAsync(unknown, HttpStatusCode.NotFound, null, "conversation");
        }

        using (var badShape = await server.Client.PostResponseAsync(Stored.Body("x", ""","conversation":{"name":"x"} """)))
        {
            await Api.AssertErrorAsync(badShape, HttpStatusCode.BadRequest, "invalid_value", "conversation");
        }

        var tooMany = "{\"items\":[" + string.Join(",", Enumerable.Repeat("""{"role":"user","content":"x"}""", 21)) + "]}";
        using (var many = await server.Client.PostAsync($"/v1/conversations/{id}/items", Api.Json(tooMany)))
        {
            await Api.AssertErrorAsync(many, HttpStatusCode.BadRequest, "invalid_value", "items");
        }

        var metadata = "{\"metadata\":{" + string.Join(",", Enumerable.Range(0, 17).Select(i => $"\"k{i}\":\"v\"")) + "}}";
        using (var bigMetadata = await server.Client.PostAsync("/v1/conversations", Api.Json(metadata)))
        {
            await Api.AssertErrorAsync(bigMetadata, HttpStatusCode.BadRequest, "invalid_value", "metadata");
        }

        using (var noMetadata = await server.Client.PostAsync($"/v1/conversations/{id}", Api.Json("{}")))
        {
            await Api.AssertErrorAsync(noMetadata, HttpStatusCode.BadRequest, "missing_required_parameter", "metadata");
        }
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Api.Json(body) };
        using var response = await server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}
