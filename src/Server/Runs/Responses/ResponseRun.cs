using Responses.Generated;

namespace Responses.Server.Runs.Responses;

/// <summary>One accepted /v1/responses request: the neutral run, and what the Response object and the store add.</summary>
/// <param name="Request">The validated request, echoed into the Response object.</param>
/// <param name="Generation">What inference needs; its id is the response's "resp_…".</param>
public sealed record ResponseRun(CreateResponse Request, Run Generation)
{
    public string ResponseId => Generation.Id;

    /// <summary>The chain previous_response_id continued (its input then output items, each with an id); empty otherwise.</summary>
    public IReadOnlyList<InputItem> History { get; init; } = [];

    /// <summary>
    /// The continued response when the store holds it: this one is then stored as its own input pointing at it.
    /// Null when it continues nothing, or a response held outside the store only (its History is then stored too).
    /// </summary>
    public string? Parent { get; init; }

    /// <summary>The input ends with a compaction_trigger: the generation writes a summary, and the output is one compaction item.</summary>
    public bool Compacts { get; init; }

    /// <summary>
    /// context_management compacted the conversation before this run: the compaction item, the output's first item.
    /// The run's prompt is the compacted window.
    /// </summary>
    public CompactionBody? CompactedTo { get; init; }

    /// <summary>
    /// include reasoning.encrypted_content: seals a reasoning item's finished thinking (for this caller) into its
    /// encrypted_content; null when not asked.
    /// </summary>
    public Func<string, string>? SealReasoning { get; init; }

    /// <summary>The API key's owner id the response is stored under (null when the server has no keys).</summary>
    public string? Owner => Generation.Owner;

    /// <summary>
    /// This request's input as items (a text input is the user message it stands for), without the history before it:
    /// one list per run, so the conversation and the store give its items the same ids.
    /// </summary>
    public IReadOnlyList<InputItem> OwnInput => ownInput ??= ReadOwnInput(Request.Input!);

    private List<InputItem>? ownInput;

    private static List<InputItem> ReadOwnInput(InputParam input) => input.IsText
        // OpenAI lists a text input as the user message it stands for.
        ? [new EasyInputMessage { Role = EasyInputMessageRole.User, Content = new List<InputContent> { new InputTextContent { Text = input.Text! } } }]
        // A compaction_trigger is a request marker, not conversation: its compaction item (the output) stays instead.
        : [.. input.Items!.Where(item => item is not CompactionTriggerItemParam)];
}
