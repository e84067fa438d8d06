using System.Text;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Errors;
using Responses.Server.Ids;
using Responses.Server.Runs.Responses;

namespace Responses.Server.Runs.Compaction;

/// <summary>
/// A /v1/responses/compact run as the executor drives it: no events while the summary is written (its client waits
/// for the whole answer), then one, the compacted window. Only text counts: no tools are offered and thinking is off,
/// and anything else a model emits anyway (a thinking block its template forces) is not part of the summary. A
/// summary cut at its bound is still the summary: the bound is the server's, not the client's. Nothing is stored.
/// </summary>
public sealed class CompactionProjection(Run run, IReadOnlyList<InputItem> history, InputParam? input, IIdGenerator ids, ILogger logger)
    : RunProjection<CompactionProjection.Result>
{
    private readonly StringBuilder summary = new();

    public override void Opening(bool afterQueued, List<Result> events)
    {
    }

    public override void Apply(OutputEvent output, List<Result> events)
    {
        switch (output)
        {
            case TextDelta delta:
                summary.Append(delta.Text);
                break;
            case GenerationFinished finished:
                logger.LogInformation("{ResponseId}: compacted {InputTokens} prompt tokens into a {OutputTokens}-token summary", run.Id, finished.Usage.InputTokens, finished.Usage.OutputTokens);
                events.Add(new Result(new CompactResource
                {
                    Id = run.Id,
                    Output = CompactedWindow.Build(summary.ToString().Trim(), history, input, ids),
                    CreatedAt = run.CreatedAt,
                    Usage = ResponseObjectFactory.Usage(finished.Usage),
                }));
                break;
        }
    }

    public override bool IsTerminal(Result item) => true;

    public override Result Failed(ApiException error, Result? lastDelivered) => new(null);

    /// <summary>The compacted window once the summary is written; null for a failure (the executor has its error).</summary>
    public sealed record Result(CompactResource? Resource);
}
