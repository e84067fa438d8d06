using System.Text;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Ids;

namespace Responses.Server.Runs.Chat;

/// <summary>
/// The chat counterpart of ResponseEventBuilder: turns the same typed inference output into chat.completion.chunk
/// objects, and keeps what they added up to, so the non-stream ChatCompletion is exactly what the chunks said.
/// Text is delta.content, thinking is delta.reasoning_content (vLLM's and DeepSeek's field), a call opens with its
/// index, id, type and name and streams its arguments; the last chunk carries finish_reason, and with
/// stream_options.include_usage one more carries usage with no choices.
/// </summary>
public sealed class ChatCompletionChunkBuilder(ChatCompletionRun run, IIdGenerator ids)
{
    private readonly StringBuilder text = new();

    /// <summary>The content tokens' log probabilities, when the request asked (logprobs: true); null otherwise.</summary>
    private List<TokenLogprob>? logprobs;
    private readonly StringBuilder reasoning = new();
    private readonly List<Call> calls = [];
    private Call? open;

    /// <summary>The whole completion, once generation finished; null before.</summary>
    public CreateChatCompletionResponse? Completion { get; private set; }

    /// <summary>The role chunk OpenAI sends first, before any content.</summary>
    public CreateChatCompletionStreamResponse Opening() =>
        Chunk(new ChatCompletionStreamResponseDelta { Role = ChatCompletionStreamResponseDeltaRole.Assistant, Content = string.Empty });

    /// <exception cref="InvalidOperationException">Output this builder does not know, or calls out of order: a bug upstream.</exception>
    public void Apply(OutputEvent output, List<CreateChatCompletionStreamResponse> chunks)
    {
        switch (output)
        {
            case TextDelta delta:
                text.Append(delta.Text);
                var chunk = Chunk(new ChatCompletionStreamResponseDelta { Content = delta.Text });
                if (delta.Logprobs is { } tokens)
                {
                    (logprobs ??= []).AddRange(tokens);
                    chunk.Choices[0].Logprobs = ChatLogprobs(tokens);
                }

                chunks.Add(chunk);
                break;
            case ReasoningDelta delta:
                reasoning.Append(delta.Text);
                chunks.Add(Chunk(new ChatCompletionStreamResponseDelta { ReasoningContent = delta.Text }));
                break;
            case ToolCallStarted started:
                chunks.Add(Start(started.Index, started.Name, string.Empty));
                break;
            case ToolCallArgumentsDelta delta:
                var call = open is { InferenceIndex: var index } current && index == delta.Index
                    ? current
                    : throw new InvalidOperationException($"Arguments arrived for tool call {delta.Index}, which is not the open call.");
                call.Sent.Append(delta.Delta);
                chunks.Add(Arguments(call, delta.Delta));
                break;
            case ToolCallCompleted completed:
                Complete(completed, chunks);
                break;
            case GenerationFinished finished:
                Finish(finished, chunks);
                break;
            default:
                throw new InvalidOperationException($"The chat completion builder does not handle {output.GetType().Name}.");
        }
    }

    private CreateChatCompletionStreamResponse Start(int inferenceIndex, string modelName, string arguments)
    {
        var tool = run.Generation.Tools.Resolve(modelName);
        open = new Call(inferenceIndex, calls.Count, ids.NewId("call"), tool.Name);
        calls.Add(open);
        open.Sent.Append(arguments);
        return ToolCallChunk(new ChatCompletionMessageToolCallChunk
        {
            Index = open.Index,
            Id = open.Id,
            Type = ChatCompletionMessageToolCallChunkType.Function,
            Function = new ChatCompletionMessageToolCallChunkFunction { Name = open.Name, Arguments = arguments },
        });
    }

    /// <summary>
    /// Inference's whole arguments are what the call is; pieces already sent cannot be taken back, so only what they
    /// lack is sent (a parser that knows whole calls only sends the call in one chunk).
    /// </summary>
    private void Complete(ToolCallCompleted completed, List<CreateChatCompletionStreamResponse> chunks)
    {
        if (open is not { } call || call.InferenceIndex != completed.Index)
        {
            chunks.Add(Start(completed.Index, completed.Name, completed.Arguments));
            call = open!;
        }
        else
        {
            var sent = call.Sent.ToString();
            if (completed.Arguments.Length > sent.Length && completed.Arguments.StartsWith(sent, StringComparison.Ordinal))
            {
                chunks.Add(Arguments(call, completed.Arguments[sent.Length..]));
            }
        }

        call.Arguments = completed.Arguments;
        open = null;
    }

    private void Finish(GenerationFinished finished, List<CreateChatCompletionStreamResponse> chunks)
    {
        var reason = finished.Reason switch
        {
            FinishReason.Length => ChatCompletionFinishReason.Length,
            FinishReason.ToolCalls => ChatCompletionFinishReason.ToolCalls,
            _ => ChatCompletionFinishReason.Stop,
        };
        var last = Chunk(new ChatCompletionStreamResponseDelta());
        last.Choices[0].FinishReason = (ChatCompletionStreamFinishReason)(int)reason;
        chunks.Add(last);

        var usage = new CompletionUsage
        {
            PromptTokens = finished.Usage.InputTokens,
            CompletionTokens = finished.Usage.OutputTokens,
            TotalTokens = finished.Usage.TotalTokens,
            CompletionTokensDetails = new CompletionTokensDetails { ReasoningTokens = finished.Usage.ReasoningTokens },
        };
        if (run.IncludeUsage)
        {
            var usageChunk = Chunk(null);
            usageChunk.Usage = usage;
            chunks.Add(usageChunk);
        }

        Completion = new CreateChatCompletionResponse
        {
            Id = run.Generation.Id,
            Created = run.Generation.CreatedAt,
            Model = run.Request.Model!,
            Choices =
            [
                new ChatCompletionChoice
                {
                    Index = 0,
                    Message = Message(),
                    FinishReason = reason,
                    Logprobs = logprobs is not null ? ChatLogprobs(logprobs) : run.Request.Logprobs == true ? new ChatCompletionLogprobs { Content = [], Refusal = null } : null,
                },
            ],
            Usage = usage,
        };
    }

    /// <summary>The tokens' log probabilities as a chat choice carries them (bytes: the token's UTF-8).</summary>
    private static ChatCompletionLogprobs ChatLogprobs(IEnumerable<TokenLogprob> tokens) => new()
    {
        Content =
        [
            .. tokens.Select(token => new ChatCompletionTokenLogprob
            {
                Token = token.Token,
                Logprob = token.Logprob,
                Bytes = Bytes(token.Token),
                TopLogprobs = [.. token.Top.Select(top => new ChatCompletionTopLogprob { Token = top.Token, Logprob = top.Logprob, Bytes = Bytes(top.Token) })],
            }),
        ],
        Refusal = null,
    };

    private static List<int> Bytes(string token) => [.. Encoding.UTF8.GetBytes(token).Select(b => (int)b)];

    /// <summary>content is null for a reply of calls alone, as OpenAI sends it; "" for an empty reply.</summary>
    private ChatCompletionResponseMessage Message() => new()
    {
        Role = ChatCompletionResponseMessageRole.Assistant,
        Content = text.Length == 0 && calls.Count > 0 ? null : text.ToString(),
        Refusal = null,
        ReasoningContent = reasoning.Length == 0 ? null : reasoning.ToString(),
        ToolCalls = calls.Count == 0 ? null : calls.Select(c => new ChatCompletionMessageToolCall
        {
            Id = c.Id,
            Type = ChatCompletionMessageToolCallType.Function,
            Function = new ChatCompletionMessageToolCallFunction { Name = c.Name, Arguments = c.Arguments ?? c.Sent.ToString() },
        }).ToList(),
    };

    private CreateChatCompletionStreamResponse Arguments(Call call, string delta) =>
        ToolCallChunk(new ChatCompletionMessageToolCallChunk
        {
            Index = call.Index,
            Function = new ChatCompletionMessageToolCallChunkFunction { Arguments = delta },
        });

    private CreateChatCompletionStreamResponse ToolCallChunk(ChatCompletionMessageToolCallChunk call) =>
        Chunk(new ChatCompletionStreamResponseDelta { ToolCalls = [call] });

    /// <param name="delta">null: the usage chunk, which has no choices.</param>
    private CreateChatCompletionStreamResponse Chunk(ChatCompletionStreamResponseDelta? delta) => new()
    {
        Id = run.Generation.Id,
        Created = run.Generation.CreatedAt,
        Model = run.Request.Model!,
        Choices = delta is null ? [] : [new ChatCompletionStreamChoice { Index = 0, Delta = delta, FinishReason = null, Logprobs = null }],
    };

    /// <param name="InferenceIndex">The call's number in inference's output events.</param>
    /// <param name="Index">The call's index in tool_calls.</param>
    private sealed record Call(int InferenceIndex, int Index, string Id, string Name)
    {
        public StringBuilder Sent { get; } = new();

        public string? Arguments { get; set; }
    }
}
