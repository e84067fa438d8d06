using Responses.Inference;

namespace Responses.Server.Runs.Conversation;

/// <summary>
/// truncation "auto": when the conversation does not fit the model's context, its oldest turns are dropped, as
/// OpenAI does, until it fits with room to answer. Turns go in whole exchanges (a cut never leaves a tool result
/// without its call, or an answer without its question), the system turn always stays, and so does the last
/// exchange: a prompt that does not fit even then is still refused.
/// </summary>
public static class ContextTruncation
{
    /// <summary>Output tokens kept free when turns are dropped: max_output_tokens, but at most a quarter of the context.</summary>
    public static int Reserve(int? maxOutputTokens, int contextLength) => Math.Min(maxOutputTokens ?? 1024, contextLength / 4);

    /// <summary>The rendered prompt with as few turns dropped as fit, and how many messages were dropped.</summary>
    public static (RenderedPrompt Prompt, int Dropped) Fit(ILanguageModel model, ChatPrompt prompt, int reserve)
    {
        var limit = model.Info.ContextLength - reserve;
        if (TryRender(model, prompt, limit) is { } whole)
            return (whole, 0);

        var cuts = Cuts(prompt.Messages);
        // Binary search for the fewest cuts that fit: each try renders, and a long history has many cut points.
        int low = 0, high = cuts.Count - 1;
        RenderedPrompt? best = null;
        var bestCut = 0;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            if (TryRender(model, Without(prompt, cuts[mid]), limit) is { } fits)
            {
                (best, bestCut) = (fits, cuts[mid]);
                high = mid - 1;
            }
            else
            {
                low = mid + 1;
            }
        }

        // Nothing fits: the full prompt's own error says how long it is.
        return best is null ? (model.Render(prompt), 0) : (best, bestCut);
    }

    private static RenderedPrompt? TryRender(ILanguageModel model, ChatPrompt prompt, int limit)
    {
        try
        {
            var rendered = model.Render(prompt);
            return rendered.TokenCount <= limit ? rendered : null;
        }
        catch (ContextLengthExceededException)
        {
            return null;
        }
    }

    /// <summary>How many messages after the system turn may go: each cut ends right before a user turn.</summary>
    private static List<int> Cuts(IReadOnlyList<ChatMessage> messages)
    {
        var start = messages.Count > 0 && messages[0].Role == "system" ? 1 : 0;
        var cuts = new List<int>();
        for (var i = start + 1; i < messages.Count; i++)
        {
            if (messages[i].Role == "user")
                cuts.Add(i - start);
        }
        return cuts;
    }

    private static ChatPrompt Without(ChatPrompt prompt, int dropped)
    {
        var messages = prompt.Messages;
        var start = messages.Count > 0 && messages[0].Role == "system" ? 1 : 0;
        var kept = new List<ChatMessage>(messages.Count - dropped);
        kept.AddRange(messages.Take(start));
        kept.AddRange(messages.Skip(start + dropped));
        return prompt with { Messages = kept };
    }
}
