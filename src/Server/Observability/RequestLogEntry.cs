using System.Collections;
using System.Globalization;
using System.Text;

namespace Responses.Server.Observability;

/// <summary>
/// The one log line of a request. Every entry has the same properties, null where they do not apply (a GET has no
/// tokens, a refused create no response id), so a log query never depends on which kind of request it was; the
/// text form leaves the absent ones out instead of printing blanks.
/// </summary>
internal sealed class RequestLogEntry : IReadOnlyList<KeyValuePair<string, object?>>
{
    public static readonly EventId EventId = new(100, "Request");

    public required string Method { get; init; }

    /// <summary>The route template ("/v1/responses/{response_id}"), or "unmatched".</summary>
    public required string Route { get; init; }

    public required string Path { get; init; }

    public required int HttpStatus { get; init; }

    /// <summary>completed, incomplete, failed or cancelled once a generation started; the HTTP status otherwise.</summary>
    public required string Status { get; init; }

    public string? ResponseId { get; init; }

    public string? Model { get; init; }

    public bool? Stream { get; init; }

    public int? InputTokens { get; init; }

    public int? OutputTokens { get; init; }

    public int? ReasoningTokens { get; init; }

    public double? TimeToFirstTokenMs { get; init; }

    public double? QueuedMs { get; init; }

    public required double TotalMs { get; init; }

    /// <summary>The error the client got, in its words.</summary>
    public string? Error { get; init; }

    public int Count => 15;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new(nameof(Method), Method),
        1 => new(nameof(Route), Route),
        2 => new(nameof(Path), Path),
        3 => new(nameof(HttpStatus), HttpStatus),
        4 => new(nameof(Status), Status),
        5 => new(nameof(ResponseId), ResponseId),
        6 => new(nameof(Model), Model),
        7 => new(nameof(Stream), Stream),
        8 => new(nameof(InputTokens), InputTokens),
        9 => new(nameof(OutputTokens), OutputTokens),
        10 => new(nameof(ReasoningTokens), ReasoningTokens),
        11 => new(nameof(TimeToFirstTokenMs), TimeToFirstTokenMs),
        12 => new(nameof(QueuedMs), QueuedMs),
        13 => new(nameof(TotalMs), TotalMs),
        14 => new(nameof(Error), Error),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public static void Write(ILogger logger, LogLevel level, RequestLogEntry entry) =>
        logger.Log(level, EventId, entry, null, static (entry, _) => entry.ToString());

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <example>resp_1 completed: POST /v1/responses 200, model m, stream, 12 in + 16 out tokens (0 reasoning), first token 35 ms, queued 0 ms, total 410 ms</example>
    /// <example>POST /v1/responses 404, model nope, total 4 ms: The model 'nope' does not exist…</example>
    public override string ToString()
    {
        var text = new StringBuilder(160);
        if (ResponseId is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"{ResponseId} {Status}: ");
        }

        text.Append(CultureInfo.InvariantCulture, $"{Method} {Path} {HttpStatus}");
        if (Model is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", model {Model}");
        }

        if (Stream is true)
        {
            text.Append(", stream");
        }

        if (InputTokens is { } input && OutputTokens is { } output)
        {
            text.Append(CultureInfo.InvariantCulture, $", {input} in + {output} out tokens ({ReasoningTokens ?? 0} reasoning)");
        }

        if (TimeToFirstTokenMs is { } firstToken)
        {
            text.Append(CultureInfo.InvariantCulture, $", first token {firstToken:F0} ms");
        }

        if (QueuedMs is { } queued)
        {
            text.Append(CultureInfo.InvariantCulture, $", queued {queued:F0} ms");
        }

        text.Append(CultureInfo.InvariantCulture, $", total {TotalMs:F0} ms");
        if (Error is not null)
        {
            text.Append(": ").Append(Error);
        }

        return text.ToString();
    }
}
