namespace Responses.Inference;

/// <summary>
/// What one served model does, decided when it loaded (probes of its graph, then the configuration): logged once and
/// shown by the health endpoints, so a user can tell why a follow-up is not cached or requests do not batch.
/// </summary>
/// <param name="PromptCache">Finished generations are kept, and a prompt that extends one continues it.</param>
/// <param name="ChunkedPrefill">Long prompts are appended in chunks (interleaved with other requests' tokens).</param>
/// <param name="Batching">Requests that arrive together are generated in one batch.</param>
/// <param name="Threads">The threads one model run uses.</param>
/// <param name="Notes">Why a capability is off, and anything the load changed (a graph rewrite), one line each.</param>
public sealed record ModelCapabilities(bool PromptCache, bool ChunkedPrefill, bool Batching, int Threads, IReadOnlyList<string> Notes)
{
    /// <summary>One line for the log and the health report.</summary>
    public override string ToString() =>
        $"prompt cache {OnOff(PromptCache)}, chunked prefill {OnOff(ChunkedPrefill)}, batching {OnOff(Batching)}, {Threads} thread(s)"
        + (Notes.Count > 0 ? " (" + string.Join("; ", Notes) + ")" : "");

    private static string OnOff(bool on) => on ? "on" : "off";
}
