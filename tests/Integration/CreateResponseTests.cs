using System.Text.Json;
using System.Text.Json.Nodes;
using Responses.Tests.Support;

namespace Responses.Tests.Integration;

/// <summary>POST /v1/responses without streaming: every input shape clients send, and the Response object OpenAI defines.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class CreateResponseTests(DefaultServer server)
{
    private readonly HttpClient client = server.Client;

    [Fact]
    public async Task String_input_answers_a_Response_with_every_required_field()
    {
        var response = await client.CreateAsync($$"""{"model":"{{Api.Model}}","input":"Say hello.","max_output_tokens":16,"temperature":0}""");

        foreach (var field in Api.RequiredResponseFields)
        {
            Assert.True(response.ContainsKey(field), $"missing '{field}' in {response.ToJsonString()}");
        }

        Assert.StartsWith("resp_", (string)response["id"]!);
        Assert.Equal("response", (string?)response["object"]);
        Assert.Equal(JsonValueKind.Number, response["created_at"]!.GetValueKind());
        Assert.Equal(ResponsesServerFactory.Epoch.ToUnixTimeSeconds(), response["created_at"]!.GetValue<long>());
        Assert.Contains((string)response["status"]!, new[] { "completed", "incomplete" });
        Assert.Null(response["error"]);
        Assert.Null(response["instructions"]);
        Assert.Equal(Api.Model, (string?)response["model"]);
        Assert.True((bool)response["parallel_tool_calls"]!);
        Assert.Empty(response["metadata"]!.AsObject());
        Assert.Equal("auto", (string?)response["tool_choice"]);
        Assert.Empty(response["tools"]!.AsArray());
        Assert.Equal(0, (double)response["temperature"]!);
        Assert.Equal(1, (double)response["top_p"]!);

        var message = Assert.Single(response["output"]!.AsArray())!.AsObject();
        Assert.Equal("message", (string?)message["type"]);
        Assert.StartsWith("msg_", (string)message["id"]!);
        Assert.Equal("assistant", (string?)message["role"]);
        Assert.Equal(response["status"]!.GetValue<string>(), (string?)message["status"]);
        var part = Assert.Single(message["content"]!.AsArray())!.AsObject();
        Assert.Equal("output_text", (string?)part["type"]);
        Assert.False(string.IsNullOrEmpty((string?)part["text"]));
        Assert.Empty(part["annotations"]!.AsArray());
        Assert.Empty(part["logprobs"]!.AsArray());

        AssertUsage(response);
    }

    [Fact]
    public async Task Message_items_as_the_dotnet_SDK_sends_them_are_accepted()
    {
        var response = await client.CreateAsync($$"""
            {"model":"{{Api.Model}}","max_output_tokens":16,"temperature":0,
             "input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"Say hello."}]}]}
            """);

        Assert.False(string.IsNullOrEmpty(Api.OutputText(response)));
        AssertUsage(response);
    }

    [Fact]
    public async Task An_item_without_type_is_a_message_and_means_the_same_as_a_string()
    {
        var untyped = await client.CreateAsync($$"""{"model":"{{Api.Model}}","max_output_tokens":16,"temperature":0,"input":[{"role":"user","content":"hi"}]}""");
        var typed = await client.CreateAsync($$"""
            {"model":"{{Api.Model}}","max_output_tokens":16,"temperature":0,
             "input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}]}
            """);
        var text = await client.CreateAsync($$"""{"model":"{{Api.Model}}","max_output_tokens":16,"temperature":0,"input":"hi"}""");

        // Three spellings of one user message: the same prompt, so (greedy) the same reply.
        Assert.Equal(Usage(text, "input_tokens"), Usage(untyped, "input_tokens"));
        Assert.Equal(Usage(text, "input_tokens"), Usage(typed, "input_tokens"));
        Assert.Equal(Api.OutputText(text), Api.OutputText(untyped));
        Assert.Equal(Api.OutputText(text), Api.OutputText(typed));
    }

    [Fact]
    public async Task Instructions_are_echoed_and_become_the_system_message()
    {
        var plain = await client.CreateAsync($$"""{"model":"{{Api.Model}}","input":"hi","max_output_tokens":16,"temperature":0}""");
        var instructed = await client.CreateAsync($$"""{"model":"{{Api.Model}}","input":"hi","instructions":"Answer in one word.","max_output_tokens":16,"temperature":0}""");
        var asSystem = await client.CreateAsync($$"""
            {"model":"{{Api.Model}}","max_output_tokens":16,"temperature":0,
             "input":[{"role":"system","content":"Answer in one word."},{"role":"user","content":"hi"}]}
            """);

        Assert.Equal("Answer in one word.", (string?)instructed["instructions"]);
        Assert.True(Usage(instructed, "input_tokens") > Usage(plain, "input_tokens"));
        // Instructions and a system message are the same leading system message.
        Assert.Equal(Usage(instructed, "input_tokens"), Usage(asSystem, "input_tokens"));
        Assert.Equal(Api.OutputText(instructed), Api.OutputText(asSystem));
    }

    [Fact]
    public async Task System_and_developer_messages_and_instructions_merge_into_one_system_message()
    {
        var merged = await client.CreateAsync($$"""
            {"model":"{{Api.Model}}","max_output_tokens":16,"temperature":0,"instructions":"Be brief.",
             "input":[
               {"type":"message","role":"developer","content":[{"type":"input_text","text":"Use plain words."}]},
               {"role":"user","content":"hi"},
               {"role":"system","content":"No lists."}]}
            """);
        var single = await client.CreateAsync($$"""
            {"model":"{{Api.Model}}","max_output_tokens":16,"temperature":0,
             "input":[{"role":"system","content":"Be brief.\n\nUse plain words.\n\nNo lists."},{"role":"user","content":"hi"}]}
            """);

        Assert.Equal(Usage(single, "input_tokens"), Usage(merged, "input_tokens"));
        Assert.Equal(Api.OutputText(single), Api.OutputText(merged));
    }

    [Fact]
    public async Task Assistant_history_is_part_of_the_prompt()
    {
        var lastTurnOnly = await client.CreateAsync($$"""{"model":"{{Api.Model}}","max_output_tokens":16,"temperature":0,"input":"And now?"}""");
        // History as clients replay it: a plain assistant message, and an earlier output item sent back as it came.
        var history = await client.CreateAsync($$"""
            {"model":"{{Api.Model}}","max_output_tokens":16,"temperature":0,
             "input":[
               {"role":"user","content":"Say hello."},
               {"type":"message","role":"assistant","id":"msg_1","status":"completed",
                "content":[{"type":"output_text","text":"Hello there.","annotations":[],"logprobs":[]}]},
               {"role":"user","content":"Again."},
               {"role":"assistant","content":"Hello again."},
               {"role":"user","content":"And now?"}]}
            """);

        Assert.True(Usage(history, "input_tokens") > Usage(lastTurnOnly, "input_tokens") + 10);
        AssertUsage(history);
    }

    [Fact]
    public async Task Request_settings_are_echoed()
    {
        var response = await client.CreateAsync($$"""
            {"model":"{{Api.Model}}","input":"hi","max_output_tokens":16,"temperature":0.5,"top_p":0.9,
             "metadata":{"session":"abc"},"parallel_tool_calls":false,"store":false,"user":"u-1"}
            """);

        Assert.Equal(0.5, (double)response["temperature"]!);
        Assert.Equal(0.9, (double)response["top_p"]!, 5);
        Assert.Equal(16, (int)response["max_output_tokens"]!);
        Assert.Equal("abc", (string?)response["metadata"]!["session"]);
        Assert.False((bool)response["parallel_tool_calls"]!);
        Assert.False((bool)response["store"]!);
        Assert.Equal("u-1", (string?)response["user"]);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(48)]
    public async Task Reaching_max_output_tokens_is_incomplete(int max)
    {
        var response = await client.CreateAsync($$"""{"model":"{{Api.Model}}","input":"Tell me a story.","max_output_tokens":{{max}},"temperature":0}""");

        Assert.Equal("incomplete", (string?)response["status"]);
        Assert.Equal("""{"reason":"max_output_tokens"}""", response["incomplete_details"]!.ToJsonString());
        Assert.Null(response["completed_at"]);
        Assert.Equal(max, Usage(response, "output_tokens"));
        Assert.Equal("incomplete", (string?)response["output"]![0]!["status"]);
        AssertUsage(response);
    }

    [Fact]
    public async Task Greedy_decoding_is_deterministic()
    {
        const string Request = $$"""{"model":"{{Api.Model}}","input":"Count to ten.","max_output_tokens":32,"temperature":0}""";
        var first = await client.CreateAsync(Request);
        var second = await client.CreateAsync(Request);

        Assert.Equal(Api.OutputText(first), Api.OutputText(second));
        Assert.NotEqual((string?)first["id"], (string?)second["id"]);
    }

    [Fact]
    public async Task Concurrent_requests_each_get_their_own_reply()
    {
        string[] prompts = ["Say hello.", "Count to ten.", "Name a colour.", "Why?"];
        var alone = new List<string>();
        foreach (var prompt in prompts)
        {
            alone.Add(Api.OutputText(await client.CreateAsync(Body(prompt))));
        }

        var together = await Task.WhenAll(prompts.Select(prompt => client.CreateAsync(Body(prompt))));

        Assert.Equal(alone, together.Select(Api.OutputText));
        Assert.Equal(prompts.Length, together.Select(r => (string)r["id"]!).Distinct().Count());

        static string Body(string prompt) => $$"""{"model":"{{Api.Model}}","input":"{{prompt}}","max_output_tokens":24,"temperature":0}""";
    }

    [Fact]
    public async Task Non_ASCII_input_is_read_and_echoed_unescaped()
    {
        using var response = await client.PostResponseAsync($$"""{"model":"{{Api.Model}}","input":"Grüße, 你好 🎉","instructions":"Réponds en français.","max_output_tokens":16,"temperature":0}""");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"instructions\":\"Réponds en français.\"", text);
        Assert.True(Usage(JsonNode.Parse(text)!, "input_tokens") > 10);
    }

    [Fact]
    public async Task A_reply_that_ends_at_end_of_sequence_is_completed()
    {
        var completed = 0;
        await foreach (var response in SampledReplies.CreateAsync())
        {
            AssertUsage(response);
            if ((string?)response["status"] == "completed")
            {
                completed++;
                Assert.True(response.ContainsKey("incomplete_details") && response["incomplete_details"] is null);
                Assert.Equal(ResponsesServerFactory.Epoch.ToUnixTimeSeconds(), (long)response["completed_at"]!);
                Assert.InRange(Usage(response, "output_tokens"), 1, SampledReplies.MaxOutputTokens - 1);
                Assert.Equal("completed", (string?)response["output"]![0]!["status"]);
            }
            else
            {
                Assert.Equal("incomplete", (string?)response["status"]);
                Assert.Equal(SampledReplies.MaxOutputTokens, Usage(response, "output_tokens"));
            }
        }

        Assert.True(completed > 0, "no sampled reply ended at end-of-sequence within 400 tokens");
    }

    private static int Usage(JsonNode response, string field) => (int)response["usage"]![field]!;

    private static void AssertUsage(JsonNode response)
    {
        var usage = response["usage"]!.AsObject();
        var input = (int)usage["input_tokens"]!;
        var output = (int)usage["output_tokens"]!;
        Assert.True(input > 0, usage.ToJsonString());
        Assert.True(output > 0, usage.ToJsonString());
        Assert.Equal(input + output, (int)usage["total_tokens"]!);
        Assert.Equal(0, (int)usage["input_tokens_details"]!["cached_tokens"]!);
        Assert.Equal(0, (int)usage["output_tokens_details"]!["reasoning_tokens"]!);
    }
}
