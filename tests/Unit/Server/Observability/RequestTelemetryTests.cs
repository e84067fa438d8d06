using Microsoft.Extensions.Time.Testing;
using Responses.Inference;
using Responses.Server.Observability;

namespace Responses.Tests.Unit.Server.Observability;

public sealed class RequestTelemetryTests
{
    private readonly FakeTimeProvider clock = new();

    [Theory]
    [MemberData(nameof(FirstDeltas))]
    public void The_first_token_is_the_first_delta_of_any_kind_timed_from_the_request_arrival(OutputEvent first)
    {
        var telemetry = new RequestTelemetry(clock, clock.GetTimestamp());
        clock.Advance(TimeSpan.FromMilliseconds(250));

        telemetry.Observe(first);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        telemetry.Observe(new TextDelta("later"));

        Assert.Equal(TimeSpan.FromMilliseconds(250), telemetry.TimeToFirstToken);
    }

    public static TheoryData<OutputEvent> FirstDeltas() =>
        [new TextDelta("Hi"), new ReasoningDelta("Hmm"), new ToolCallStarted(0, "get_weather")];

    [Fact]
    public void A_generation_without_output_has_no_first_token_and_its_usage_still_counts()
    {
        var telemetry = new RequestTelemetry(clock, clock.GetTimestamp());

        telemetry.Observe(new GenerationFinished(FinishReason.Stop, new TokenUsage(7, 0)));

        Assert.Null(telemetry.TimeToFirstToken);
        Assert.Equal(new TokenUsage(7, 0), telemetry.Usage);
        Assert.Equal(RunOutcome.Completed, telemetry.Outcome);
    }

    [Fact]
    public void Running_out_of_tokens_is_incomplete_and_a_later_failure_or_departure_has_the_last_word()
    {
        var telemetry = new RequestTelemetry(clock, clock.GetTimestamp());

        telemetry.Observe(new GenerationFinished(FinishReason.Length, new TokenUsage(5, 16)));
        Assert.Equal(RunOutcome.Incomplete, telemetry.Outcome);

        telemetry.Ended(RunOutcome.Failed, "could not be stored");
        Assert.Equal(RunOutcome.Failed, telemetry.Outcome);
        Assert.Equal("could not be stored", telemetry.Error);

        telemetry.Ended(RunOutcome.Cancelled);
        Assert.Equal(RunOutcome.Cancelled, telemetry.Outcome);
        Assert.Equal("could not be stored", telemetry.Error);
    }
}
