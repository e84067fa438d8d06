namespace Responses.Benchmarks;

/// <summary>A user message of about the requested number of tokens, to time prefill deep into the context.</summary>
internal static class LongPrompt
{
    private const string Paragraph =
        "The harbour woke before the sun. Fishermen checked their nets, gulls argued over the scraps, and the old " +
        "lighthouse keeper wrote the weather in his book: wind from the west, a long swell, rain by the evening. ";

    public static string Build(EngineBench engine, int tokens)
    {
        var overhead = engine.Render(string.Empty).TokenCount;
        var perParagraph = Math.Max(1, (engine.Render(Paragraph + Paragraph).TokenCount - overhead) / 2.0);
        var count = Math.Max(1, (int)((tokens - overhead) / perParagraph));
        return string.Concat(Enumerable.Repeat(Paragraph, count));
    }
}
