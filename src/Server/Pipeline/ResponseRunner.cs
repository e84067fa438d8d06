using Responses.Inference;
using Responses.Server.Ids;
using Responses.Server.Observability;
using Responses.Server.Store;

namespace Responses.Server.Pipeline;

/// <summary>
/// Starts the event sequence of an admitted run. Both sinks (SSE and JSON) consume that one sequence, so a
/// streamed response and a plain one cannot drift apart.
/// </summary>
public sealed class ResponseRunner(IIdGenerator ids, TimeProvider clock, ResponseArchive archive, ILogger<ResponseRunner> logger)
{
    /// <param name="telemetry">The request's record for its log line and metrics; null outside a request.</param>
    public ResponseEventStream Start(ResponseRun run, GenerationLease lease, RequestTelemetry? telemetry = null) =>
        new(run, lease, ids, clock, archive, logger, telemetry);

    /// <summary>A background run: its events begin before admission, which <paramref name="admit"/> performs (its caller owns the lease).</summary>
    public ResponseEventStream StartQueued(ResponseRun run, Func<CancellationToken, ValueTask<GenerationLease>> admit) =>
        new(run, admit, ids, clock, archive, logger);
}
