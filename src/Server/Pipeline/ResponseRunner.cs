using Responses.Inference;
using Responses.Server.Ids;
using Responses.Server.Store;

namespace Responses.Server.Pipeline;

/// <summary>
/// Starts the event sequence of an admitted run. Both sinks (SSE and JSON) consume that one sequence, so a
/// streamed response and a plain one cannot drift apart.
/// </summary>
public sealed class ResponseRunner(IIdGenerator ids, TimeProvider clock, ResponseArchive archive, ILogger<ResponseRunner> logger)
{
    public ResponseEventStream Start(ResponseRun run, GenerationLease lease) => new(run, lease, ids, clock, archive, logger);
}
