using Responses.Generated;

namespace Responses.Server.Runs.Chat;

/// <summary>
/// One `data:` frame of a streamed chat completion: a chunk, the error that ends a stream that broke after it began
/// (OpenAI's `data: {"error": …}`), or the `[DONE]` line of a stream that finished.
/// </summary>
public sealed record ChatCompletionFrame(CreateChatCompletionStreamResponse? Chunk, ErrorResponse? Error = null)
{
    public static ChatCompletionFrame Done { get; } = new(null, null);
}
