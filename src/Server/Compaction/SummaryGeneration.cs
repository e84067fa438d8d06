using System.Text;
using Responses.Inference;
using Responses.Server.Observability;

namespace Responses.Server.Compaction;

/// <summary>Runs an admitted summary generation to its end: the summary's text and the generation's exact usage.</summary>
public static class SummaryGeneration
{
    /// <remarks>
    /// Only text counts: no tools are offered and thinking is off, and anything else a model emits anyway (a
    /// thinking block its template forces) is not part of the summary.
    /// </remarks>
    public static async Task<(string Summary, TokenUsage Usage)> RunAsync(
        GenerationLease lease, RequestTelemetry? telemetry, CancellationToken cancellationToken)
    {
        var summary = new StringBuilder();
        await foreach (var output in lease.GenerateAsync(cancellationToken).WithCancellation(cancellationToken))
        {
            telemetry?.Observe(output);
            switch (output)
            {
                case TextDelta delta:
                    summary.Append(delta.Text);
                    break;
                case GenerationFinished finished:
                    // A summary cut at its bound is still the summary: the bound is the server's, not the client's.
                    telemetry?.Ended(RunOutcome.Completed);
                    return (summary.ToString().Trim(), finished.Usage);
            }
        }

        throw new OperationCanceledException(cancellationToken);
    }
}
