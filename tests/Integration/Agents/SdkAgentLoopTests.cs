using System.Text.Json;
using OpenAI.Responses;

namespace Responses.Tests.Integration.Agents;

/// <summary>
/// The agent loop through the official OpenAI .NET SDK: the model is made to call a tool, the client runs it and
/// sends the whole history back with the function_call_output, and the model answers.
/// </summary>
[Collection(DefaultServerCollection.Name)]
public sealed class SdkAgentLoopTests(DefaultServer server)
{
    private static readonly BinaryData WeatherParameters = BinaryData.FromString(
        """{"type":"object","properties":{"city":{"type":"string","enum":["Paris","London","Tokyo"]}},"required":["city"],"additionalProperties":false}""");

    private ResponsesClient Client() => OpenAISdk.Responses(server.Factory);

    [Fact]
    public async Task A_forced_call_its_output_and_the_answer()
    {
        var client = Client();
        var tool = ResponseTool.CreateFunctionTool("get_weather", WeatherParameters, strictModeEnabled: true, functionDescription: "Weather in a city.");
        List<ResponseItem> history = [ResponseItem.CreateUserMessageItem("What is the weather in Paris?")];

        var first = new CreateResponseOptions(Api.Model, history) { Temperature = 0, MaxOutputTokenCount = 64, ToolChoice = ResponseToolChoice.CreateFunctionChoice("get_weather") };
        first.Tools.Add(tool);
        ResponseResult called = await client.CreateResponseAsync(first);

        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(called.OutputItems));
        Assert.Equal("get_weather", call.FunctionName);
        using (var arguments = JsonDocument.Parse(call.FunctionArguments))
            Assert.Contains(arguments.RootElement.GetProperty("city").GetString(), AgentRequests.Cities);

        history.Add(call);
        history.Add(ResponseItem.CreateFunctionCallOutputItem(call.CallId, """{"temperature_c":18,"sky":"clear"}"""));
        var second = new CreateResponseOptions(Api.Model, history) { Temperature = 0, MaxOutputTokenCount = 24 };
        second.Tools.Add(tool);
        ResponseResult answered = await client.CreateResponseAsync(second);

        var message = Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(answered.OutputItems));
        Assert.Equal(MessageRole.Assistant, message.Role);
        Assert.False(string.IsNullOrWhiteSpace(answered.GetOutputText()));
        // The history (the call and its result) reached the model: the follow-up prompt is longer than the first.
        Assert.True(answered.Usage.InputTokenCount > called.Usage.InputTokenCount);
    }

    [Fact]
    public async Task A_streamed_forced_call_reaches_the_SDK_as_argument_updates()
    {
        var options = new CreateResponseOptions(Api.Model, [ResponseItem.CreateUserMessageItem("Weather?")])
        {
            Temperature = 0,
            MaxOutputTokenCount = 64,
            ToolChoice = ResponseToolChoice.CreateRequiredChoice(),
            StreamingEnabled = true,
            ParallelToolCallsEnabled = false,
        };
        options.Tools.Add(ResponseTool.CreateFunctionTool("get_weather", WeatherParameters, strictModeEnabled: true));
        var arguments = new System.Text.StringBuilder();
        string? done = null;
        ResponseResult? final = null;

        await foreach (var update in await Client().CreateResponseStreamingAsync(options))
        {
            switch (update)
            {
                case StreamingResponseFunctionCallArgumentsDeltaUpdate delta:
                    arguments.Append(delta.Delta.ToString());
                    break;
                case StreamingResponseFunctionCallArgumentsDoneUpdate argumentsDone:
                    done = argumentsDone.FunctionArguments.ToString();
                    break;
                case StreamingResponseCompletedUpdate completed:
                    final = completed.Response;
                    break;
            }
        }

        Assert.NotNull(final);
        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(final.OutputItems));
        Assert.Equal(call.FunctionArguments.ToString(), done);
        Assert.Equal(done, arguments.ToString());
    }
}
