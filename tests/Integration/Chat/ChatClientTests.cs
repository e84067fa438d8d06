using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;

namespace Responses.Tests.Integration.Chat;

/// <summary>The official OpenAI .NET SDK's ChatClient (NuGet OpenAI 2.15.0), pointed at /v1/chat/completions, works unchanged.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class ChatClientTests(DefaultServer server)
{
    private const string WeatherSchema =
        """{"type":"object","properties":{"city":{"type":"string","enum":["Paris","London","Tokyo"]},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["city","unit"],"additionalProperties":false}""";

    private ChatClient Client(string model = Api.Model) => new(
        model,
        new ApiKeyCredential("unused"),
        new OpenAIClientOptions
        {
            Endpoint = new Uri(server.Factory.Server.BaseAddress, "/v1"),
            Transport = new HttpClientPipelineTransport(server.Factory.CreateClient()),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

    private static ChatCompletionOptions Greedy(int maxTokens = 16) => new() { MaxOutputTokenCount = maxTokens, Temperature = 0 };

    [Fact]
    public async Task CompleteChat_returns_a_completion_the_SDK_reads()
    {
        ChatCompletion completion = await Client().CompleteChatAsync(
            [new SystemChatMessage("Be brief."), new DeveloperChatMessage("Never apologise."), new UserChatMessage("Say hello.")], Greedy());

        Assert.StartsWith("chatcmpl-", completion.Id);
        Assert.Equal(Api.Model, completion.Model);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.False(string.IsNullOrEmpty(Assert.Single(completion.Content).Text));
        Assert.Equal(16, completion.Usage.OutputTokenCount);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), completion.CreatedAt);
    }

    [Fact]
    public async Task CompleteChatStreaming_deltas_add_up_to_the_plain_completion()
    {
        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in Client().CompleteChatStreamingAsync([new UserChatMessage("Tell me about the sea.")], Greedy(24)))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        ChatCompletion plain = await Client().CompleteChatAsync([new UserChatMessage("Tell me about the sea.")], Greedy(24));
        Assert.Equal(plain.Content[0].Text, text.ToString());
        Assert.Equal(ChatFinishReason.Length, finish);
        // The SDK asks for stream_options.include_usage itself.
        Assert.NotNull(usage);
        Assert.Equal(24, usage.OutputTokenCount);
    }

    [Fact]
    public async Task A_forced_tool_call_round_trips_with_the_tool_result()
    {
        var options = Greedy(64);
        options.Tools.Add(ChatTool.CreateFunctionTool("get_weather", "Current weather for a city.", BinaryData.FromString(WeatherSchema), functionSchemaIsStrict: true));
        options.ToolChoice = ChatToolChoice.CreateFunctionChoice("get_weather");
        List<ChatMessage> messages = [new UserChatMessage("Weather in Paris?")];

        ChatCompletion call = await Client().CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.ToolCalls, call.FinishReason);
        var toolCall = Assert.Single(call.ToolCalls);
        Assert.StartsWith("call_", toolCall.Id);
        Assert.Equal("get_weather", toolCall.FunctionName);
        using var arguments = JsonDocument.Parse(toolCall.FunctionArguments);
        Assert.Contains(arguments.RootElement.GetProperty("city").GetString(), new[] { "Paris", "London", "Tokyo" });

        messages.Add(new AssistantChatMessage(call));
        messages.Add(new ToolChatMessage(toolCall.Id, """{"temperature":21}"""));
        options.ToolChoice = ChatToolChoice.CreateAutoChoice();
        ChatCompletion answer = await Client().CompleteChatAsync(messages, options);

        // The model read the call and its result: the same tools, and a longer prompt.
        Assert.True(answer.Usage.InputTokenCount > call.Usage.InputTokenCount + call.Usage.OutputTokenCount / 2);
    }

    [Fact]
    public async Task Json_schema_response_format_is_enforced()
    {
        var options = Greedy(64);
        options.ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(
            "verdict",
            BinaryData.FromString("""{"type":"object","properties":{"answer":{"type":"string","enum":["yes","no"]}},"required":["answer"],"additionalProperties":false}"""),
            jsonSchemaIsStrict: true);

        ChatCompletion completion = await Client().CompleteChatAsync([new UserChatMessage("Is it sunny?")], options);

        using var reply = JsonDocument.Parse(completion.Content[0].Text);
        Assert.Contains(reply.RootElement.GetProperty("answer").GetString(), new[] { "yes", "no" });
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
    }

    [Fact]
    public async Task Unknown_model_is_a_404_model_not_found()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client("gpt-4o").CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(404, error.Status);
        Assert.Contains("model_not_found", error.Message);
    }
}
