using Responses.Server.Ids;
using Responses.Server.Pipeline;

namespace Responses.Server.ChatCompletions;

/// <summary>Starts the frame sequence of an admitted chat run; both sinks (SSE and JSON) consume that one sequence.</summary>
public sealed class ChatCompletionRunner(IIdGenerator ids, TimeProvider clock, ILogger<ChatCompletionRunner> logger)
{
    public ChatCompletionStream Start(ChatCompletionRun run, Inference.GenerationLease lease) =>
        new(run, new RunGeneration(run.Generation, lease, clock, logger), ids);
}
