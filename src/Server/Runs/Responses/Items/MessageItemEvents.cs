using System.Text;
using Responses.Generated;
using Responses.Inference;

namespace Responses.Server.Runs.Responses.Items;

/// <summary>
/// An assistant message with one output_text part: item added (content []), part added (""), one delta per piece
/// of text, then text done, part done, item done.
/// </summary>
internal sealed class MessageItemEvents(int outputIndex, string id) : OutputItemEvents(outputIndex, id)
{
    /// <summary>Messages here have a single part: the model's visible text.</summary>
    private const int ContentIndex = 0;

    private readonly StringBuilder text = new();

    /// <summary>The text's tokens with their log probabilities, when the request asked for them; null otherwise.</summary>
    private List<TokenLogprob>? logprobs;

    public override void Open(List<ResponseStreamEvent> events)
    {
        events.Add(new ResponseOutputItemAddedEvent
        {
            OutputIndex = OutputIndex,
            Item = new OutputMessage { Id = Id, Role = OutputMessageRole.Assistant, Status = OutputItemStatus.InProgress, Content = [] },
        });
        events.Add(new ResponseContentPartAddedEvent
        {
            ItemId = Id,
            OutputIndex = OutputIndex,
            ContentIndex = ContentIndex,
            Part = new OutputTextContent { Text = string.Empty },
        });
    }

    public void Append(string delta, IReadOnlyList<TokenLogprob>? tokens, List<ResponseStreamEvent> events)
    {
        text.Append(delta);
        if (tokens is not null)
        {
            (logprobs ??= []).AddRange(tokens);
        }

        events.Add(new ResponseTextDeltaEvent
        {
            ItemId = Id,
            OutputIndex = OutputIndex,
            ContentIndex = ContentIndex,
            Delta = delta,
            Logprobs = tokens is null ? [] : TokenLogprobs.ForEvent(tokens),
        });
    }

    protected override void CloseContent(List<ResponseStreamEvent> events)
    {
        var final = text.ToString();
        events.Add(new ResponseTextDoneEvent
        {
            ItemId = Id,
            OutputIndex = OutputIndex,
            ContentIndex = ContentIndex,
            Text = final,
            Logprobs = logprobs is null ? [] : TokenLogprobs.ForEvent(logprobs),
        });
        events.Add(new ResponseContentPartDoneEvent
        {
            ItemId = Id,
            OutputIndex = OutputIndex,
            ContentIndex = ContentIndex,
            Part = Part(final),
        });
    }

    protected override OutputItem Build(OutputItemStatus status) => new OutputMessage
    {
        Id = Id,
        Role = OutputMessageRole.Assistant,
        Status = status,
        Content = [Part(text.ToString())],
    };

    private OutputTextContent Part(string final) =>
        logprobs is null ? new OutputTextContent { Text = final } : new OutputTextContent { Text = final, Logprobs = TokenLogprobs.ForContent(logprobs) };
}
