using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Responses.Inference.Engine;
using Responses.Tests.Support;

namespace Responses.Tests.Integration;

/// <summary>stream: true: SSE framing, the event sequence SDKs and agents depend on, and equality with the plain Response.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class StreamingTests(DefaultServer server)
{
    private const string Request = $$"""{"model":"{{Api.Model}}","input":"Say hello.","instructions":"Be brief.","max_output_tokens":24,"temperature":0,"stream":true}""";

    [Fact]
    public async Task Events_are_framed_typed_numbered_and_in_order()
    {
        using var response = await server.Client.PostResponseAsync(Request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("[DONE]", body);
        var frames = SseFrame.ParseAll(body);
        var events = frames.Select(frame => frame.Json.AsObject()).ToList();

        for (var i = 0; i < frames.Count; i++)
        {
            Assert.Equal(frames[i].Event, (string?)events[i]["type"]);
            // Present and numbered from 0 without gaps: strictly increasing.
            Assert.Equal(i, (int)events[i]["sequence_number"]!);
        }

        var types = events.Select(e => (string)e["type"]!).ToList();
        Assert.Equal(
            ["response.created", "response.in_progress", "response.output_item.added", "response.content_part.added"],
            types.Take(4));
        var deltas = types.Skip(4).TakeWhile(t => t == "response.output_text.delta").Count();
        Assert.True(deltas >= 1, string.Join(", ", types));
        Assert.Equal(
            ["response.output_text.done", "response.content_part.done", "response.output_item.done", "response.incomplete"],
            types.Skip(4 + deltas));

        var created = events[0]["response"]!;
        Assert.Equal("in_progress", (string?)created["status"]);
        Assert.Empty(created["output"]!.AsArray());
        Assert.Equal(JsonNode.Parse("{}")!.ToJsonString(), created["metadata"]!.ToJsonString());
        var responseId = (string)created["id"]!;
        Assert.StartsWith("resp_", responseId);
        Assert.Equal(responseId, (string?)events[1]["response"]!["id"]);

        var added = events[2]["item"]!;
        var itemId = (string)added["id"]!;
        Assert.StartsWith("msg_", itemId);
        Assert.Equal("in_progress", (string?)added["status"]);
        Assert.Equal(0, (int)events[2]["output_index"]!);
        Assert.Equal(itemId, (string?)events[3]["item_id"]);
        Assert.Equal("", (string?)events[3]["part"]!["text"]);

        var text = "";
        foreach (var delta in events.Skip(4).Take(deltas))
        {
            Assert.Equal(itemId, (string?)delta["item_id"]);
            Assert.Equal(0, (int)delta["output_index"]!);
            Assert.Equal(0, (int)delta["content_index"]!);
            Assert.Empty(delta["logprobs"]!.AsArray());
            text += (string)delta["delta"]!;
        }

        var textDone = events[4 + deltas];
        var partDone = events[5 + deltas];
        var itemDone = events[6 + deltas];
        var final = events[7 + deltas]["response"]!;
        Assert.Equal(text, (string?)textDone["text"]);
        Assert.Equal(text, (string?)partDone["part"]!["text"]);
        Assert.Equal(text, Api.OutputText(new JsonObject { ["output"] = new JsonArray(itemDone["item"]!.DeepClone()) }));
        Assert.Equal(text, Api.OutputText(final));
        Assert.Equal(responseId, (string?)final["id"]);
        Assert.Equal("incomplete", (string?)final["status"]);
        Assert.True(JsonNode.DeepEquals(itemDone["item"], final["output"]![0]));
        Assert.Equal(24, (int)final["usage"]!["output_tokens"]!);
    }

    [Fact]
    public async Task The_final_event_carries_the_plain_Response_byte_for_byte()
    {
        // Fresh servers: both start their ids at 1 and their clocks at the same instant, so nothing differs.
        string streamed, plain;
        using (var factory = new ResponsesServerFactory())
        {
            using var response = await factory.CreateClient().PostResponseAsync(Request);
            streamed = await response.Content.ReadAsStringAsync();
        }

        using (var factory = new ResponsesServerFactory())
        {
            using var response = await factory.CreateClient().PostResponseAsync(Request.Replace("\"stream\":true", "\"stream\":false"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            plain = await response.Content.ReadAsStringAsync();
        }

        var frames = SseFrame.ParseAll(streamed);
        var last = frames[^1];
        Assert.Equal("response.incomplete", last.Event);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(plain), last.Json["response"]), $"streamed:\n{last.Data}\nplain:\n{plain}");
        // Same ids: both servers counted the same way.
        Assert.Equal((string?)JsonNode.Parse(plain)!["id"], (string?)frames[0].Json["response"]!["id"]);
        // And the same bytes: one serializer for both sinks.
        Assert.Equal($$"""{"type":"response.incomplete","sequence_number":{{frames.Count - 1}},"response":{{plain}}}""", last.Data);
    }

    [Fact]
    public async Task Events_reach_the_client_while_generation_is_still_held()
    {
        // The seed source is called when generation starts, after response.created and response.in_progress are
        // out. Holding it there proves, without timing, that the client reads those events before the body ends:
        // a buffered response could not deliver them until the gate opens.
        using var gate = new GatedSeedSource();
        using var factory = new ResponsesServerFactory
        {
            ConfigureTestServices = services =>
            {
                services.RemoveAll<ISeedSource>();
                services.AddSingleton<ISeedSource>(gate);
            },
        };
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses")
        {
            Content = Api.Json($$"""{"model":"{{Api.Model}}","input":"Tell me a long story.","max_output_tokens":2000,"temperature":0,"stream":true}"""),
        };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = await SseFrame.ReadAsync(reader).WaitAsync(TimeSpan.FromSeconds(30));
        var second = await SseFrame.ReadAsync(reader).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("response.created", first?.Event);
        Assert.Equal("response.in_progress", second?.Event);
        Assert.True(gate.Reached.Wait(TimeSpan.FromSeconds(30)), "generation never asked for a seed");

        gate.Release();
        var rest = new List<SseFrame>();
        while (await SseFrame.ReadAsync(reader) is { } frame)
        {
            rest.Add(frame);
        }

        Assert.NotEmpty(rest);
        Assert.Equal("response.output_item.added", rest[0].Event);
        Assert.Equal("response.incomplete", rest[^1].Event);
        Assert.Equal(2000, (int)rest[^1].Json["response"]!["usage"]!["output_tokens"]!);
    }

    [Fact]
    public async Task A_client_that_leaves_mid_stream_does_not_break_the_server()
    {
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses"))
        {
            request.Content = Api.Json($$"""{"model":"{{Api.Model}}","input":"Go on.","max_output_tokens":5000,"temperature":0,"stream":true}""");
            using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            for (var i = 0; i < 6; i++)
            {
                Assert.NotNull(await SseFrame.ReadAsync(reader));
            }
        }

        // The abandoned generation is cancelled; the next request is served normally.
        var next = await server.Client.CreateAsync($$"""{"model":"{{Api.Model}}","input":"hi","max_output_tokens":16,"temperature":0}""");
        Assert.Equal("incomplete", (string?)next["status"]);
    }

    /// <summary>Real seeds, but the first request for one waits until the test opens the gate.</summary>
    private sealed class GatedSeedSource : ISeedSource, IDisposable
    {
        private readonly ManualResetEventSlim open = new();

        public ManualResetEventSlim Reached { get; } = new();

        public void Release() => open.Set();

        public ulong NextSeed()
        {
            Reached.Set();
            // Bounded, so a broken test cannot hang the run.
            open.Wait(TimeSpan.FromSeconds(60));
            return 7;
        }

        public void Dispose()
        {
            open.Set();
            open.Dispose();
            Reached.Dispose();
        }
    }
}
