using System.Text.Json;
using Responses.Inference;

namespace Responses.Tests.Unit.Inference;

/// <summary>The engine end to end under a forced tool call: typed call events, and the finish says the turn ended in calls.</summary>
public sealed class ConstrainedGenerationTests
{
    private static readonly ChatTool Pick = new(
        "pick", "Pick a colour.", """{"type":"object","properties":{"colour":{"enum":["red","blue"]}},"required":["colour"]}""", Strict: true);

    [Fact]
    public async Task A_forced_call_arrives_as_call_events_and_ends_with_the_tool_calls_reason()
    {
        using var model = EmbeddedModel.Load();
        var prompt = model.Render(new ChatPrompt([new ChatMessage("user", "Pick one.")])
        {
            Tools = [Pick],
            ToolChoice = ToolChoice.Required,
            MaxToolCalls = 1,
        });

        var events = new List<OutputEvent>();
        await foreach (var item in model.GenerateAsync(prompt, new SamplingSettings(64, 0, 1), CancellationToken.None))
            events.Add(item);

        Assert.IsType<ToolCallStarted>(events[0]);
        var call = Assert.Single(events.OfType<ToolCallCompleted>());
        Assert.Equal("pick", call.Name);
        using var arguments = JsonDocument.Parse(call.Arguments);
        Assert.Contains(arguments.RootElement.GetProperty("colour").GetString(), new[] { "red", "blue" });
        Assert.DoesNotContain(events, e => e is TextDelta);
        var finished = Assert.IsType<GenerationFinished>(events[^1]);
        Assert.Equal(FinishReason.ToolCalls, finished.Reason);
    }
}
