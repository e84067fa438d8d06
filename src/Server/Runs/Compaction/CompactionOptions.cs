using System.ComponentModel.DataAnnotations;

namespace Responses.Server.Runs.Compaction;

/// <summary>How conversations are compacted (/v1/responses/compact and compaction_trigger). Bound from "Compaction".</summary>
public sealed class CompactionOptions
{
    public const string SectionName = "Compaction";

    /// <summary>
    /// The summary's length at most, in tokens: it is what every later turn carries instead of the conversation, so
    /// it must stay far smaller than what it replaces. A compaction_trigger's max_output_tokens may lower it.
    /// </summary>
    [Range(16, 32768)]
    public int MaxSummaryTokens { get; set; } = 512;
}
