using Responses.Generated;
using Responses.Inference;
using Responses.Server.Errors;

namespace Responses.Server.Runs.Chat;

/// <summary>
/// A /v1/chat/completions run as the executor drives it: the role chunk, the chunks of the output
/// (<see cref="ChatCompletionChunkBuilder"/>), then [DONE]. A failure once frames are out is one error frame and no
/// [DONE], so a client that does not read errors still sees the stream as unfinished. Nothing is stored.
/// </summary>
public sealed class ChatProjection(ChatCompletionChunkBuilder builder) : RunProjection<ChatCompletionFrame>
{
    private readonly List<CreateChatCompletionStreamResponse> chunks = new(capacity: 4);

    /// <summary>The whole completion, once generation finished (what a JSON client gets); null before.</summary>
    public CreateChatCompletionResponse? Completion => builder.Completion;

    public override void Opening(bool afterQueued, List<ChatCompletionFrame> events) => events.Add(new ChatCompletionFrame(builder.Opening()));

    public override void Apply(OutputEvent output, List<ChatCompletionFrame> events)
    {
        builder.Apply(output, chunks);
        foreach (var chunk in chunks)
        {
            events.Add(new ChatCompletionFrame(chunk));
        }

        chunks.Clear();
        if (output is GenerationFinished)
        {
            events.Add(ChatCompletionFrame.Done);
        }
    }

    public override bool IsTerminal(ChatCompletionFrame item) => item == ChatCompletionFrame.Done || item.Error is not null;

    public override ChatCompletionFrame Failed(ApiException error, ChatCompletionFrame? lastDelivered) =>
        new(null, error.Envelope());
}
