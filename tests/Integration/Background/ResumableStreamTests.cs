using System.Net;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Background;

/// <summary>
/// background + stream: the stream a client dropped is resumed with GET ?stream=true&amp;starting_after=N, and
/// what it reads before and after the drop is exactly the stream it would have read without one.
/// </summary>
public sealed class ResumableStreamTests
{
    private const int Tokens = 48;

    private static readonly string Body = Background.Body(Tokens, ""","stream":true""");

    [Fact]
    public async Task A_stream_dropped_after_event_5_resumes_with_nothing_lost_or_repeated()
    {
        // Each server numbers ids from 1 on the same fixed clock, so the two runs give the very same bytes.
        List<SseFrame> uninterrupted;
        using (var factory = new ResponsesServerFactory())
        using (var client = factory.CreateClient())
        using (var stream = await Background.OpenAsync(client, Background.Create(Body)))
        {
            uninterrupted = await stream.ReadToEndAsync();
        }

        using var server = new ResponsesServerFactory();
        using var resumer = server.CreateClient();
        var before = new List<SseFrame>();
        using (var dropped = await Background.OpenAsync(resumer, Background.Create(Body)))
        {
            while (before.Count < 6)
            {
                before.Add((await dropped.NextAsync())!);
            }
        }

        var id = (string)before[0].Json["response"]!["id"]!;
        Assert.Equal(5, (int)before[^1].Json["sequence_number"]!);
        using var resumed = await Background.OpenAsync(resumer, Background.Resume(id, startingAfter: 5));
        var after = await resumed.ReadToEndAsync();

        Assert.Equal(uninterrupted, before.Concat(after));
        Assert.Equal(
            ["response.created", "response.queued", "response.in_progress", "response.output_item.added"],
            uninterrupted.Take(4).Select(f => f.Event));
        Assert.Equal("response.incomplete", uninterrupted[^1].Event);
        Assert.Equal(Enumerable.Range(0, uninterrupted.Count), uninterrupted.Select(f => (int)f.Json["sequence_number"]!));
        // The generation went on without its client; the stored response is the one the last event carries.
        Assert.Equal(uninterrupted[^1].Json["response"]!.ToJsonString(), (await Background.GetAsync(resumer, id)).ToJsonString());
    }

    [Fact]
    public async Task A_finished_response_streams_again_from_the_start_or_from_any_event()
    {
        using var factory = new ResponsesServerFactory();
        using var client = factory.CreateClient();
        var id = (string)(await client.CreateAsync(Background.Body(16)))["id"]!;
        await Background.PollAsync(client, id);

        using var all = await Background.OpenAsync(client, Background.Resume(id, startingAfter: null));
        var frames = await all.ReadToEndAsync();
        var last = frames.Count - 1;
        using var tail = await Background.OpenAsync(client, Background.Resume(id, startingAfter: last - 1));
        using var none = await Background.OpenAsync(client, Background.Resume(id, startingAfter: last));

        Assert.Equal("response.created", frames[0].Event);
        Assert.Equal("queued", (string?)frames[0].Json["response"]!["status"]);
        Assert.Equal([frames[^1]], await tail.ReadToEndAsync());
        Assert.Empty(await none.ReadToEndAsync());
        using var beyond = await client.GetAsync($"/v1/responses/{id}?stream=true&starting_after={last + 1}");
        var error = await Api.AssertErrorAsync(beyond, HttpStatusCode.BadRequest, "invalid_value", "starting_after");
        Assert.Contains($"sequence number {last}", (string?)error["message"]);
    }

    [Fact]
    public async Task Streams_that_cannot_be_resumed_are_4xx_saying_why()
    {
        using var factory = new ResponsesServerFactory();
        using var client = factory.CreateClient();
        var plain = (string)(await client.CreateAsync(Integration.Stored.Stored.Body("Hi.")))["id"]!;
        var id = (string)(await client.CreateAsync(Background.Body(16)))["id"]!;
        await Background.PollAsync(client, id);

        using var unknown = await client.GetAsync("/v1/responses/resp_unknown?stream=true");
        using var notBackground = await client.GetAsync($"/v1/responses/{plain}?stream=true");
        using var negative = await client.GetAsync($"/v1/responses/{id}?stream=true&starting_after=-1");
        using var withoutStream = await client.GetAsync($"/v1/responses/{id}?starting_after=3");
        factory.Clock.Advance(TimeSpan.FromSeconds(601));
        using var expired = await client.GetAsync($"/v1/responses/{id}?stream=true");

        await Api.AssertErrorAsync(unknown, HttpStatusCode.NotFound, null, "response_id");
        var error = await Api.AssertErrorAsync(notBackground, HttpStatusCode.BadRequest, "invalid_value", "stream");
        Assert.Contains("was not created with 'background': true", (string?)error["message"]);
        await Api.AssertErrorAsync(negative, HttpStatusCode.BadRequest, "invalid_value", "starting_after");
        await Api.AssertErrorAsync(withoutStream, HttpStatusCode.BadRequest, "invalid_value", "starting_after");
        error = await Api.AssertErrorAsync(expired, HttpStatusCode.BadRequest, "invalid_value", "stream");
        Assert.Contains("are no longer kept", (string?)error["message"]);
        // Its final state stays stored.
        Assert.Equal("incomplete", (string?)(await Background.GetAsync(client, id))["status"]);
    }
}
