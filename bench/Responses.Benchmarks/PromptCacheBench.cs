using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Responses.Inference;

namespace Responses.Benchmarks;

/// <summary>
/// An agent's turn: the whole conversation resent with one new user message. Times the follow-up's first token on
/// an engine with the prompt cache (the first turn's generator is kept and continued) and on one without (the whole
/// conversation is prefilled again), then the same through the server processes (the follow-up as an input array, as
/// agents send it; the server also renders and tokenizes the whole conversation each turn). Each run sends the first
/// turn, untimed, then the follow-up.
/// </summary>
internal static class PromptCacheBench
{
    private const int AnswerTokens = 16;

    public sealed record Row(int Tokens, Summary Without, Summary With, Summary ServerWithout, Summary ServerWith);

    /// <param name="uncachedServer">A server process with the prompt cache off; <paramref name="cachedServer"/> one with its default cache.</param>
    public static async Task<IReadOnlyList<Row>> RunAsync(
        string folder, string id, EngineBench sizing, ServerBench uncachedServer, ServerBench cachedServer, IReadOnlyList<int> conversationTokens, int runs)
    {
        using var cached = new EngineBench(folder, id, promptCacheEntries: 4);
        var rows = new List<Row>();
        foreach (var tokens in conversationTokens)
        {
            var text = LongPrompt.Build(sizing, tokens);
            var first = sizing.Render(text);
            var answer = await sizing.AnswerAsync(first, AnswerTokens);
            var followUp = sizing.Render(new ChatPrompt(
                [new ChatMessage("user", text), new ChatMessage("assistant", answer), new ChatMessage("user", "Now say it in one line.")]));
            Console.Error.WriteLine($"Prompt cache: follow-up to a {first.TokenCount}-token turn ({followUp.TokenCount} tokens), time to first token.");
            var without = await Scenario.RunAsync("without cache", runs, async () =>
            {
                await sizing.GenerateAsync(first, AnswerTokens);
                return await sizing.GenerateAsync(followUp, AnswerTokens);
            });
            var with = await Scenario.RunAsync("with cache", runs, async () =>
            {
                await cached.GenerateAsync(first, AnswerTokens);
                return await cached.GenerateAsync(followUp, AnswerTokens);
            });

            // The server answers the first turn itself (greedy, the same text every time), and the follow-up resends it.
            var serverAnswer = await cachedServer.AnswerAsync(text, AnswerTokens);
            var conversation = new JsonArray(
                Message("user", text), Message("assistant", serverAnswer), Message("user", "Now say it in one line."));
            async Task<Measurement> TurnAsync(ServerBench server)
            {
                await server.AnswerAsync(text, AnswerTokens);
                return await server.StreamAsync(conversation.DeepClone(), AnswerTokens, store: false);
            }
            var serverWithout = await Scenario.RunAsync("server without cache", runs, () => TurnAsync(uncachedServer));
            var serverWith = await Scenario.RunAsync("server with cache", runs, () => TurnAsync(cachedServer));
            rows.Add(new Row(followUp.TokenCount, without, with, serverWithout, serverWith));
        }

        return rows;
    }

    public static string Render(IReadOnlyList<Row> rows)
    {
        var table = new StringBuilder();
        table.AppendLine();
        table.AppendLine("Prompt cache: a follow-up turn resending the whole conversation, time to first token (raw engine; server SSE, the request's whole time to its first delta):");
        table.AppendLine();
        table.AppendLine("| follow-up prompt tokens | engine without cache (ms) | engine with cache (ms) | with / without | server without cache (ms) | server with cache (ms) | with / without |");
        table.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rows)
        {
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Tokens} | {r.Without.FirstTextMs:F1} | {r.With.FirstTextMs:F1} | {r.With.FirstTextMs / r.Without.FirstTextMs:P1} | {r.ServerWithout.FirstTextMs:F1} | {r.ServerWith.FirstTextMs:F1} | {r.ServerWith.FirstTextMs / r.ServerWithout.FirstTextMs:P1} |");
        }

        return table.ToString();
    }

    private static JsonObject Message(string role, string text) => new() { ["role"] = role, ["content"] = text };
}
