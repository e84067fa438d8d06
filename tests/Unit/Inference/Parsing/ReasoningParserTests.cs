using Responses.Inference;
using Responses.Inference.Parsing;
using static Responses.Tests.Unit.Inference.Parsing.ParserHarness;

namespace Responses.Tests.Unit.Inference.Parsing;

public class ReasoningParserTests
{
    private static readonly Func<IOutputParser> Qwen3 = Family(ToolCallSyntax.Hermes, thinks: true);

    [Fact]
    public void A_leading_think_block_is_reasoning_and_the_layout_around_it_goes()
    {
        AssertParses(Qwen3, "<think>\nok\n</think>\n\nHello", Events(new ReasoningDelta("ok"), "Hello"));
    }

    [Fact]
    public void A_block_the_template_opened_starts_in_reasoning()
    {
        var opened = Family(ToolCallSyntax.Hermes, thinks: true, promptText: "<|im_start|>assistant\n<think>\n");
        AssertParses(opened, "The user wants weather.\n</think>\n\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>",
            Events(new ReasoningDelta("The user wants weather."), Call(0, "get_weather", """{"city":"Paris"}""")));
    }

    [Fact]
    public void Reasoning_is_parsed_without_tools_too()
    {
        AssertParses(Family(ToolCallSyntax.Hermes, tools: false, thinks: true), "<think>\nhmm</think>Hi <think>", Events(new ReasoningDelta("hmm"), "Hi <think>"));
    }

    [Fact]
    public void A_think_tag_later_in_the_answer_is_text()
    {
        AssertParses(Qwen3, "Hi <think>x</think>", Events("Hi <think>x</think>"));
    }

    [Fact]
    public void Reasoning_cut_short_is_still_reasoning()
    {
        AssertParses(Qwen3, "<think>\nLet me think </thi", Events(new ReasoningDelta("Let me think </thi")));
    }

    [Fact]
    public void An_empty_block_gives_no_reasoning()
    {
        AssertParses(Qwen3, "<think>\n\n</think>\n\nHello", Events("Hello"));
    }

    [Fact]
    public void Reasoning_streams_as_it_comes_and_in_reasoning_follows_the_block()
    {
        var parser = Qwen3();
        var events = new List<OutputEvent>();
        parser.Push("<think>", events);
        Assert.True(parser.InReasoning);
        parser.Push("\nA long", events);
        parser.Push(" thought", events);
        Assert.Equal([new ReasoningDelta("A long"), new ReasoningDelta(" thought")], events);
        events.Clear();
        parser.Push("</think>", events);
        Assert.False(parser.InReasoning);
        Assert.Empty(events);
    }

    [Fact]
    public void A_model_that_does_not_think_keeps_the_tags_as_text()
    {
        AssertParses(Family(ToolCallSyntax.Hermes), "<think>x</think>Hi", Events("<think>x</think>Hi"));
    }
}

public class ReasoningBeforeCallsTests
{
    [Fact]
    public void A_llama_call_may_follow_the_thinking()
    {
        ParserHarness.AssertParses(ParserHarness.Family(ToolCallSyntax.Llama3, thinks: true),
            "<think>\nNeed the weather.\n</think>\n\n{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}",
            ParserHarness.Events(new ReasoningDelta("Need the weather."), ParserHarness.Call(0, "get_weather", """{"city":"Paris"}""")));
    }

    [Fact]
    public void Mistral_calls_may_follow_the_thinking()
    {
        ParserHarness.AssertParses(ParserHarness.Family(ToolCallSyntax.Mistral, thinks: true),
            "<think>ok</think>[TOOL_CALLS]get_time[ARGS]{}",
            ParserHarness.Events(new ReasoningDelta("ok"), ParserHarness.Call(0, "get_time", "{}")));
    }
}
