using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Responses.Tests.Integration.Security;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Agents;

/// <summary>
/// Codex's stateless turns: store false with include reasoning.encrypted_content gives reasoning items whose
/// encrypted_content seals the thinking (AES-GCM, bound to the API key); replayed with nothing else, the thinking
/// is back in the prompt. Changed, foreign-key or unreadable content is a 400 naming the item; a new server with the
/// same key file still opens it.
/// </summary>
public sealed class EncryptedReasoningTests : IDisposable
{
    private readonly string keyFile = Path.Combine(Path.GetTempPath(), "responses-tests", "reasoning-keys", $"{Guid.NewGuid():N}.key");
    private readonly ApiKeyServer server;

    public EncryptedReasoningTests()
    {
        server = new ApiKeyServer(new Dictionary<string, string> { ["Reasoning:KeyFile"] = keyFile });
    }

    public void Dispose()
    {
        server.Dispose();
        File.Delete(keyFile);
    }

    private static string Turn(string extra = "") =>
        $$"""{"model":"{{Api.Model}}","input":"Why is the sky blue?","temperature":0,"max_output_tokens":60,"store":false,"reasoning":{"effort":"medium","summary":"auto"}{{extra}}}""";

    private static async Task<(string Thinking, string Sealed)> ThinkAsync(HttpClient client)
    {
        var response = await client.CreateAsync(Turn(""","include":["reasoning.encrypted_content"]"""));
        var item = AgentRequests.Items(response, "reasoning").Single();
        return ((string)item["content"]![0]!["text"]!, (string)item["encrypted_content"]!);
    }

    /// <summary>The next call of the turn as Codex sends it: the reasoning item with only its encrypted_content, then the answer.</summary>
    private static string Replay(string? encrypted)
    {
        var reasoning = encrypted is null ? "" : $$"""{"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"{{encrypted}}"},""";
        return $$"""{"model":"{{Api.Model}}","store":false,"input":[{"role":"user","content":"Why is the sky blue?"},"""
            + reasoning
            + """{"type":"function_call","call_id":"call_1","name":"look","arguments":"{}"},{"type":"function_call_output","call_id":"call_1","output":"Rayleigh scattering."}],"""
            + """ "tools":[{"type":"function","name":"look","parameters":{"type":"object","properties":{}}}]}""";
    }

    private static async Task<int> InputTokensAsync(HttpClient client, string body)
    {
        using var response = await client.PostAsync("/v1/responses/input_tokens", Api.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return (int)JsonNode.Parse(text)!["input_tokens"]!;
    }

    [Fact]
    public async Task The_content_hides_the_thinking_and_is_only_there_when_asked_for()
    {
        var (thinking, sealedContent) = await ThinkAsync(server.A);

        Assert.False(string.IsNullOrWhiteSpace(thinking));
        Assert.DoesNotContain(thinking, sealedContent, StringComparison.Ordinal);
        var thinkingBytes = Encoding.UTF8.GetBytes(thinking);
        Assert.DoesNotContain(Convert.ToBase64String(thinkingBytes), sealedContent, StringComparison.Ordinal);
        var decoded = Convert.FromBase64String(sealedContent);
        Assert.Equal(-1, decoded.AsSpan().IndexOf(thinkingBytes.AsSpan(0, Math.Min(8, thinkingBytes.Length))));

        var plain = await server.A.CreateAsync(Turn());
        Assert.Null(AgentRequests.Items(plain, "reasoning").Single()["encrypted_content"]);
    }

    [Fact]
    public async Task Replayed_it_puts_the_thinking_back_into_the_prompt()
    {
        var (thinking, sealedContent) = await ThinkAsync(server.A);

        var without = await InputTokensAsync(server.A, Replay(null));
        var with = await InputTokensAsync(server.A, Replay(sealedContent));
        var created = await server.A.CreateAsync(Replay(sealedContent)[..^1] + ""","max_output_tokens":16}""");

        // The thinking as the template renders it ("<think>\n...\n</think>\n"): at least a token per word of it.
        Assert.True(with - without >= thinking.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length,
            $"{without} input tokens without the reasoning item, {with} with it, for {thinking.Length} characters of thinking");
        Assert.Equal(with, (int)created["usage"]!["input_tokens"]!);
    }

    [Fact]
    public async Task One_changed_byte_is_a_400_naming_the_item()
    {
        var (_, sealedContent) = await ThinkAsync(server.A);
        var bytes = Convert.FromBase64String(sealedContent);
        bytes[bytes.Length / 2] ^= 0x01;

        using var response = await server.A.PostResponseAsync(Replay(Convert.ToBase64String(bytes)));
        await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_encrypted_content", "input[1].encrypted_content");
        using var garbage = await server.A.PostResponseAsync(Replay("not-base64!"));
        await Api.AssertErrorAsync(garbage, HttpStatusCode.BadRequest, "invalid_encrypted_content", "input[1].encrypted_content");
    }

    [Fact]
    public async Task Another_api_key_cannot_open_it()
    {
        var (_, sealedContent) = await ThinkAsync(server.A);

        using var response = await server.B.PostResponseAsync(Replay(sealedContent));
        await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_encrypted_content", "input[1].encrypted_content");
        Assert.True(await InputTokensAsync(server.A, Replay(sealedContent)) > 0);
    }

    [Fact]
    public async Task A_new_server_with_the_same_key_file_opens_it_and_another_key_file_does_not()
    {
        var (_, sealedContent) = await ThinkAsync(server.A);
        var expected = await InputTokensAsync(server.A, Replay(sealedContent));

        using (var restarted = new ApiKeyServer(new Dictionary<string, string> { ["Reasoning:KeyFile"] = keyFile }))
            Assert.Equal(expected, await InputTokensAsync(restarted.A, Replay(sealedContent)));

        var otherKeyFile = keyFile + ".other";
        try
        {
            using var other = new ApiKeyServer(new Dictionary<string, string> { ["Reasoning:KeyFile"] = otherKeyFile });
            using var response = await other.A.PostResponseAsync(Replay(sealedContent));
            await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_encrypted_content", "input[1].encrypted_content");
        }
        finally
        {
            File.Delete(otherKeyFile);
        }
    }

    [Fact]
    public async Task The_key_option_wins_and_replicas_sharing_it_open_each_others_content()
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var first = new ApiKeyServer(new Dictionary<string, string> { ["Reasoning:Key"] = key });
        using var second = new ApiKeyServer(new Dictionary<string, string> { ["Reasoning:Key"] = key });

        var (_, sealedContent) = await ThinkAsync(first.A);

        Assert.True(await InputTokensAsync(second.A, Replay(sealedContent)) > await InputTokensAsync(second.A, Replay(null)));
    }
}
