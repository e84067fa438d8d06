using System.Globalization;
using System.Text;
using Responses.Inference;

namespace Responses.Benchmarks;

/// <summary>
/// An agent's turn: the whole conversation resent with one new user message. Times the follow-up's first token on
/// an engine with the prompt cache (the first turn's generator is kept and continued) and on one without (the whole
/// conversation is prefilled again). Each run sends the first turn, untimed, then the follow-up.
/// </summary>
internal static class PromptCacheBench
{
    private const int AnswerTokens = 16;

    public static async Task<IReadOnlyList<(int Tokens, Summary Without, Summary With)>> RunAsync(
        string folder, string id, EngineBench sizing, IReadOnlyList<int> conversationTokens, int runs)
    {
        using var cached = new EngineBench(folder, id, promptCacheEntries: 4);
        var rows = new List<(int, Summary, Summary)>();
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
            rows.Add((followUp.TokenCount, without, with));
        }

        return rows;
    }

    public static string Render(IReadOnlyList<(int Tokens, Summary Without, Summary With)> rows)
    {
        var table = new StringBuilder();
        table.AppendLine();
        table.AppendLine("Prompt cache: a follow-up turn resending the whole conversation, time to first token (raw engine):");
        table.AppendLine();
        table.AppendLine("| follow-up prompt tokens | without cache (ms) | with cache (ms) | with / without |");
        table.AppendLine("| ---: | ---: | ---: | ---: |");
        foreach (var (tokens, without, with) in rows)
        {
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {tokens} | {without.FirstTextMs:F1} | {with.FirstTextMs:F1} | {with.FirstTextMs / without.FirstTextMs:P1} |");
        }

        return table.ToString();
    }
}
