using System.Text.Json;
using Microsoft.Extensions.Options;
using Responses.Generated;
using Responses.Server.Ids;
using Responses.Server.Runs.Images;

namespace Responses.Server.Runs.Compaction;

/// <summary>
/// context_management's compaction on create (OpenAI's server-side compaction): when the rendered input passes the
/// threshold, the conversation is compacted first, by the same run POST /v1/responses/compact makes (its summary
/// prompt, greedy, its projection and window), driven by the executor like any run, and the answer is then written
/// from the compacted window. The compaction item goes out as the first output item, so the client's next turn
/// carries the short window whichever way it continues (replayed input, previous_response_id, conversation).
/// </summary>
public sealed class ContextCompactor(
    RunFactory runs,
    RunExecutor executor,
    IIdGenerator ids,
    JsonSerializerOptions json,
    IOptions<CompactionOptions> options,
    IOptions<ImageOptions> images,
    ILogger<ContextCompactor> logger)
{
    /// <summary>
    /// The prompt length past which the request compacts, or null when it does not ask for it. An entry without a
    /// threshold compacts at three quarters of the context, leaving room for the answer; several entries: the lowest.
    /// </summary>
    public static int? Threshold(CreateResponse request, int contextLength)
    {
        int? threshold = null;
        foreach (var entry in request.ContextManagement ?? [])
        {
            var value = entry.CompactThreshold ?? contextLength / 4 * 3;
            threshold = Math.Min(threshold ?? value, value);
        }

        return threshold;
    }

    /// <summary>Writes the summary of <paramref name="history"/> and <paramref name="input"/>, and returns the compacted window.</summary>
    /// <returns>The compaction item, then what the answer is written from after it.</returns>
    public async Task<(CompactionBody Item, InputParam AnswerInput)> CompactAsync(
        string model, string? instructions, IReadOnlyList<InputItem> history, InputParam input, CancellationToken cancellationToken)
    {
        var intent = new RunIntent(model, UsesStore: false, PromptFit.DropOldest, options.Value.MaxSummaryTokens, CompactAdapter.Temperature, 1.0, "resp");
        var run = await runs.CreateAsync(intent, _ => Task.FromResult(SummaryPrompt.Build(instructions, history, input, json, images.Value)), cancellationToken);
        var projection = new CompactionProjection(run, history, input, ids, logger);
        var result = await executor.CollectAsync(new RunPlan<CompactionProjection.Result>(run, projection), cancellationToken);
        var window = result.Last?.Resource?.Output ?? throw new InvalidOperationException("A compaction run ended without its window.");
        var item = (CompactionBody)window[0];
        return (item, AnswerInput(item, window, input));
    }

    /// <summary>
    /// The compaction item, then the input from its last user message on, verbatim: the request being answered and
    /// the tool calls and results of the turn in progress (an agent loop compacts in the middle of one) are not left
    /// to a paraphrase. Without a user message in the input, the window's own (the chain's latest user message).
    /// </summary>
    private static InputParam AnswerInput(CompactionBody item, List<InputItem> window, InputParam input)
    {
        if (input.Items is { } items && items.FindLastIndex(i => i is EasyInputMessage { Role: EasyInputMessageRole.User }) is var last and >= 0)
        {
            return new List<InputItem>([item, .. items.Skip(last)]);
        }

        return window;
    }
}
