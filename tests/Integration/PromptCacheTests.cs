using System.Text.Json.Nodes;
using Responses.Tests.Support;

namespace Responses.Tests.Integration;

/// <summary>
/// A client that resends its whole conversation every turn (what agents do, with no previous_response_id) gets the
/// KV state of its last turn back: the second turn reports the reused tokens as cached, and answers exactly as a
/// server without the cache does.
/// </summary>
public sealed class PromptCacheTests
{
    private const string Opening = "Tell me about the rivers of the world, the mountains they come from, and the seas they reach in the end, one by one.";

    [Fact]
    public async Task A_resent_conversation_reuses_the_last_turn_and_answers_as_without_the_cache()
    {
        using var cached = new ResponsesServerFactory();
        using var uncached = new ResponsesServerFactory
        {
            Settings = new Dictionary<string, string> { ["Inference:PromptCacheEntries"] = "0" },
        };

        var (withCache, cachedTokens) = await TwoTurnsAsync(cached.CreateClient());
        var (withoutCache, uncachedTokens) = await TwoTurnsAsync(uncached.CreateClient());

        Assert.Equal(withoutCache, withCache);
        Assert.Equal(0, cachedTokens[0]); // a first request never finds anything
        Assert.True(cachedTokens[1] > 0, $"the second turn reused {cachedTokens[1]} tokens");
        Assert.Equal([0, 0], uncachedTokens);
    }

    private static async Task<(string[] Texts, int[] CachedTokens)> TwoTurnsAsync(HttpClient client)
    {
        using (client)
        {
            var input = new JsonArray { Message("user", Opening) };
            var first = await client.CreateAsync(Request(input));
            var answer = Api.OutputText(first);
            input.Add(Message("assistant", answer));
            input.Add(Message("user", "And the lakes?"));
            var second = await client.CreateAsync(Request(input));
            return ([answer, Api.OutputText(second)], [CachedTokens(first), CachedTokens(second)]);
        }
    }

    private static string Request(JsonArray input) =>
        new JsonObject
        {
            ["model"] = Api.Model,
            ["input"] = input.DeepClone(),
            ["temperature"] = 0,
            ["max_output_tokens"] = 16,
            ["store"] = false,
        }.ToJsonString();

    private static JsonObject Message(string role, string text) => new() { ["role"] = role, ["content"] = text };

    private static int CachedTokens(JsonObject response) =>
        response["usage"]!["input_tokens_details"]!["cached_tokens"]!.GetValue<int>();
}
