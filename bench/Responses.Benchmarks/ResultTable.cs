using System.Globalization;
using System.Text;

namespace Responses.Benchmarks;

/// <summary>The report: Markdown tables, every figure also as a ratio to the raw engine measured in the same run.</summary>
internal static class ResultTable
{
    public static string Render(
        BenchOptions options,
        string modelId,
        int promptTokens,
        int longPromptTokens,
        IReadOnlyList<Summary> generation,
        IReadOnlyList<Summary> prefill,
        TimeSpan? writeTime,
        string writeLabel,
        TimeSpan loadTime,
        TimeSpan serverStart)
    {
        var raw = generation.Single(s => s.Name.StartsWith("raw engine", StringComparison.Ordinal));
        var rawPrefill = prefill.Single(s => s.Name.StartsWith("raw engine", StringComparison.Ordinal));
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Model `{modelId}`, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}; median of {options.Runs} runs after a warm-up.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Greedy generation, {promptTokens}-token prompt, max {options.Tokens} new tokens:");
        text.AppendLine();
        text.AppendLine("| path | output tokens | tok/s | vs raw engine | first text (ms) | total (ms) |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in generation)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Name} | {s.OutputTokens} | {s.TokensPerSecond:F0} | {s.TokensPerSecond / raw.TokensPerSecond:F2} | {s.FirstTextMs:F1} | {s.TotalMs:F1} |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Prefill, {longPromptTokens}-token prompt (context 32k), time to first token, then the decode of the rest of its tokens over that context:");
        text.AppendLine();
        text.AppendLine("| path | time to first token (ms) | vs raw engine | decode after it (ms per token) |");
        text.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var s in prefill)
        {
            var decode = s.OutputTokens > 1 ? ((s.TotalMs - s.FirstTextMs) / (s.OutputTokens - 1)).ToString("F2", CultureInfo.InvariantCulture) : "-";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {s.Name} | {s.FirstTextMs:F0} | {s.FirstTextMs / rawPrefill.FirstTextMs:F2} | {decode} |");
        }

        text.AppendLine();
        text.AppendLine("| startup | ms |");
        text.AppendLine("| --- | ---: |");
        if (writeTime is { } write)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {writeLabel} | {write.TotalMilliseconds:F0} |");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"| model load (ModelInfo.LoadTime) | {loadTime.TotalMilliseconds:F0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| server process start to first GET /v1/models 200 | {serverStart.TotalMilliseconds:F0} |");
        return text.ToString();
    }

    /// <summary>Free decoding vs decoding under a grammar: the grammar's cost per token, in ms and as a ratio.</summary>
    public static string RenderGuidance(IReadOnlyList<Summary> runs)
    {
        var free = runs[0];
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("Constrained decoding (ORT GenAI guidance, json_schema), greedy, same prompt and token count:");
        text.AppendLine();
        text.AppendLine("| path | output tokens | tok/s | vs free | ms per token | grammar cost per token (ms) |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in runs)
        {
            var perToken = s.TotalMs / s.OutputTokens;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Name} | {s.OutputTokens} | {s.TokensPerSecond:F0} | {s.TokensPerSecond / free.TokensPerSecond:F2} | {perToken:F3} | {perToken - free.TotalMs / free.OutputTokens:F3} |");
        }

        return text.ToString();
    }
}
