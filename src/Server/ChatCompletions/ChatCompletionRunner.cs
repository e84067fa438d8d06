using Responses.Server.Ids;
using Responses.Server.Observability;
using Responses.Server.Pipeline;

namespace Responses.Server.ChatCompletions;

/// <summary>Starts the frame sequence of an admitted chat run; both sinks (SSE and JSON) consume that one sequence.</summary>
public sealed class ChatCompletionRunner(IIdGenerator ids, ILogger<ChatCompletionRunner> logger)
{
    /// <param name="telemetry">The request's record for its log line and metrics; null outside a request.</param>
    public ChatCompletionStream Start(ChatCompletionRun run, Inference.GenerationLease lease, RequestTelemetry? telemetry = null) =>
        new(run, new RunGeneration(run.Generation, lease, logger, telemetry), ids);
}
