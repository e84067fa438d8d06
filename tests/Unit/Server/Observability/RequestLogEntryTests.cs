using Responses.Server.Observability;

namespace Responses.Tests.Unit.Server.Observability;

/// <summary>The text form of the request line: the facts a request has, none of the blanks it has not.</summary>
public sealed class RequestLogEntryTests
{
    [Fact]
    public void A_generation_reads_as_one_sentence_of_its_facts()
    {
        var entry = new RequestLogEntry
        {
            Method = "POST",
            Route = "/v1/responses",
            Path = "/v1/responses",
            HttpStatus = 200,
            Status = "completed",
            ResponseId = "resp_1",
            Model = "tiny",
            Stream = true,
            InputTokens = 12,
            OutputTokens = 16,
            ReasoningTokens = 4,
            TimeToFirstTokenMs = 35.4,
            QueuedMs = 0,
            TotalMs = 410.2,
        };

        Assert.Equal(
            "resp_1 completed: POST /v1/responses 200, model tiny, stream, 12 in + 16 out tokens (4 reasoning), first token 35 ms, queued 0 ms, total 410 ms",
            entry.ToString());
    }

    [Fact]
    public void A_refusal_says_what_the_client_was_told_and_every_property_is_still_there()
    {
        var entry = new RequestLogEntry
        {
            Method = "POST",
            Route = "/v1/responses",
            Path = "/v1/responses",
            HttpStatus = 404,
            Status = "404",
            Model = "nope",
            Stream = false,
            TotalMs = 3.6,
            Error = "The model 'nope' does not exist.",
        };

        Assert.Equal("POST /v1/responses 404, model nope, total 4 ms: The model 'nope' does not exist.", entry.ToString());
        Assert.Equal(15, entry.Count);
        Assert.Equal(entry.Count, entry.Select(pair => pair.Key).Distinct().Count());
        Assert.Contains(entry, pair => pair is { Key: "ResponseId", Value: null });
    }
}
