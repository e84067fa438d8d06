using System.Text;
using Responses.Tests.Support;
using Snapshooter.Xunit;

namespace Responses.Tests.Snapshots;

/// <summary>
/// The exact bytes the server sends for one small request, locked in __snapshots__. Every test starts a fresh
/// server, so ids (SequentialIdGenerator) and timestamps (the fake clock at 2026-01-01) are the same on every run
/// by injection, not scrubbed; temperature 0 makes the text the same too.
/// </summary>
/// <remarks>
/// A missing snapshot fails (Snapshooter's strict mode) rather than being written and passing. To record a new one,
/// run <c>SNAPSHOOTER_STRICT_MODE=off dotnet test tests/Snapshots</c>, review the file in __snapshots__ and commit it.
/// </remarks>
public sealed class WireSnapshotTests
{
    static WireSnapshotTests()
    {
        if (Environment.GetEnvironmentVariable("SNAPSHOOTER_STRICT_MODE") is null)
        {
            Environment.SetEnvironmentVariable("SNAPSHOOTER_STRICT_MODE", "on");
        }
    }

    private const string Request =
        """{"model":"responses-tiny-llama","input":"Say hello.","instructions":"Be brief.","max_output_tokens":16,"temperature":0}""";

    [Fact]
    public async Task Plain_response_body()
    {
        var name = Snapshot.FullName();
        var body = await ExactBody.PostResponseAsync(Request);

        Assert.Equal(200, body.Status);
        Snapshot.Match(body, name);
    }

    [Fact]
    public async Task Streamed_response_body()
    {
        var name = Snapshot.FullName();
        var body = await ExactBody.PostResponseAsync(Request[..^1] + ""","stream":true}""", asLines: true);

        Assert.Equal(200, body.Status);
        Snapshot.Match(body, name);
    }

    /// <summary>
    /// The embedded model thinking (greedy, so the same every run) with reasoning.summary "auto", as Codex asks: the
    /// summary events around the reasoning_text ones, then the message.
    /// </summary>
    [Fact]
    public async Task Streamed_reasoning_with_summary_body()
    {
        var name = Snapshot.FullName();
        var body = await ExactBody.PostResponseAsync(
            """{"model":"responses-tiny-llama","input":"Why is the sky blue?","temperature":0,"max_output_tokens":48,"stream":true,"reasoning":{"effort":"medium","summary":"auto"}}""",
            asLines: true);

        Assert.Equal(200, body.Status);
        Snapshot.Match(body, name);
    }

    /// <summary>The compacted window: a compaction item (its summary greedy, so the same every run) and the kept message.</summary>
    [Fact]
    public async Task Compact_response_body()
    {
        var name = Snapshot.FullName();
        var body = await ExactBody.PostCompactAsync(
            """{"model":"responses-tiny-llama","instructions":"Be brief.","input":[{"role":"user","content":"Say hello."},{"role":"assistant","content":"Hello."},{"role":"user","content":"Again."}]}""");

        Assert.Equal(200, body.Status);
        Snapshot.Match(body, name);
    }

    [Fact]
    public async Task Models_body()
    {
        var name = Snapshot.FullName();
        using var factory = new ResponsesServerFactory();
        using var response = await factory.CreateClient().GetAsync("/v1/models");

        Snapshot.Match(await ExactBody.ReadAsync(response), name);
    }

    [Fact]
    public async Task Error_body_unknown_model()
    {
        var name = Snapshot.FullName();
        var body = await ExactBody.PostResponseAsync("""{"model":"gpt-4o","input":"hi"}""");

        Assert.Equal(404, body.Status);
        Snapshot.Match(body, name);
    }

    [Fact]
    public async Task Error_body_nested_wrong_type()
    {
        var name = Snapshot.FullName();
        var body = await ExactBody.PostResponseAsync("""{"model":"responses-tiny-llama","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":7}]}]}""");

        Assert.Equal(400, body.Status);
        Snapshot.Match(body, name);
    }

    [Fact]
    public async Task Error_body_unknown_path()
    {
        var name = Snapshot.FullName();
        using var factory = new ResponsesServerFactory();
        using var response = await factory.CreateClient().GetAsync("/v1/nothing-here");

        Snapshot.Match(await ExactBody.ReadAsync(response), name);
    }
}
