using System.Runtime.CompilerServices;
using Responses.Generated;
using Responses.Server.Errors;
using Responses.Server.Ids;
using Responses.Server.Pipeline;

namespace Responses.Server.ChatCompletions;

/// <summary>
/// The frames of one chat run, in order: the role chunk, the chunks of the shared generation output
/// (<see cref="RunGeneration"/>), then [DONE]. A failure after the first frame becomes one error frame and the stream
/// ends without [DONE], so a client that does not read errors still sees the stream as unfinished. Both sinks read
/// this one sequence; the JSON sink then takes the builder's <see cref="Completion"/>.
/// </summary>
public sealed class ChatCompletionStream(ChatCompletionRun run, RunGeneration generation, IIdGenerator ids)
{
    private readonly ChatCompletionChunkBuilder builder = new(run, ids);
    private bool ended;

    /// <summary>What went wrong when the sequence ended with an error frame, as the error a JSON client gets.</summary>
    public ApiException? Failure { get; private set; }

    public CreateChatCompletionResponse? Completion => builder.Completion;

    public async IAsyncEnumerable<ChatCompletionFrame> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new ChatCompletionFrame(builder.Opening());
        var chunks = new List<CreateChatCompletionStreamResponse>(capacity: 4);
        await using var output = generation.ReadAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            ChatCompletionFrame? failed = null;
            var more = false;
            try
            {
                more = await output.MoveNextAsync();
                if (more)
                {
                    builder.Apply(output.Current, chunks);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failed = Fail(exception);
            }

            if (failed is not null)
            {
                yield return failed;
                yield break;
            }

            foreach (var chunk in chunks)
            {
                yield return new ChatCompletionFrame(chunk);
            }

            chunks.Clear();
            if (!more)
            {
                ended = true;
                yield return ChatCompletionFrame.Done;
                yield break;
            }
        }
    }

    /// <summary>The error frame for a failure once frames are out, or null when the stream already ended.</summary>
    public ChatCompletionFrame? Fail(Exception exception)
    {
        if (ended)
        {
            return null;
        }

        ended = true;
        Failure = generation.Describe(exception);
        return new ChatCompletionFrame(null, ErrorEnvelopeWriter.Envelope(Failure));
    }
}
