using Responses.Inference.Engine;

namespace Responses.Tests.Unit.Inference;

/// <summary>Stop sequences over streamed pieces: nothing that could begin one goes out early, and the text ends before the first match.</summary>
public sealed class StopMatcherTests
{
    [Fact]
    public void Text_that_may_begin_a_stop_sequence_waits_and_goes_out_once_it_cannot()
    {
        var stops = new StopMatcher(["END"]);

        Assert.Equal("hello ", stops.Push("hello E"));
        Assert.Equal(string.Empty, stops.Push("N"));
        Assert.Equal("ENough", stops.Push("ough"));
        Assert.False(stops.Matched);
        Assert.Equal(string.Empty, stops.Flush());
    }

    [Fact]
    public void A_match_across_pieces_ends_the_text_before_it()
    {
        var stops = new StopMatcher(["\n\n", "STOP"]);

        var released = stops.Push("one two ST") + stops.Push("OP three");

        Assert.Equal("one two ", released);
        Assert.True(stops.Matched);
        Assert.Equal(string.Empty, stops.Push("more"));
        Assert.Equal(string.Empty, stops.Flush());
    }

    [Fact]
    public void The_earliest_of_several_stop_sequences_wins()
    {
        var stops = new StopMatcher(["cd", "b"]);

        Assert.Equal("a", stops.Push("abcd"));
        Assert.True(stops.Matched);
    }

    [Fact]
    public void What_is_held_at_the_end_is_flushed_when_no_stop_completed()
    {
        var stops = new StopMatcher(["world!"]);

        Assert.Equal("hello ", stops.Push("hello wor"));
        Assert.Equal("wor", stops.Flush());
    }
}
