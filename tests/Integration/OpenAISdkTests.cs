using System.ClientModel;
using System.Text;
using OpenAI.Responses;

namespace Responses.Tests.Integration;

/// <summary>The official OpenAI .NET SDK (NuGet OpenAI 2.15.0), pointed at the server, works unchanged.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class OpenAISdkTests(DefaultServer server)
{
    private ResponsesClient Client() => OpenAISdk.Responses(server.Factory);

    private static CreateResponseOptions Options(string prompt, int maxOutputTokens = 32) =>
        new(Api.Model, [ResponseItem.CreateUserMessageItem(prompt)])
        {
            MaxOutputTokenCount = maxOutputTokens,
            Temperature = 0,
        };

    [Fact]
    public async Task Create_returns_a_response_the_SDK_reads()
    {
        var options = Options("Say hello.");
        options.Instructions = "Be brief.";
        options.Metadata["trace"] = "t-1";

        ResponseResult response = await Client().CreateResponseAsync(options);

        Assert.StartsWith("resp_", response.Id);
        Assert.Equal(Api.Model, response.Model);
        Assert.Equal(ResponseStatus.Incomplete, response.Status);
        Assert.Equal(ResponseIncompleteStatusReason.MaxOutputTokens, response.IncompleteStatusDetails.Reason);
        Assert.False(string.IsNullOrEmpty(response.GetOutputText()));
        var message = Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(response.OutputItems));
        Assert.Equal(MessageRole.Assistant, message.Role);
        Assert.Equal(32, response.Usage.OutputTokenCount);
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
        Assert.Equal("t-1", response.Metadata["trace"]);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), response.CreatedAt);
    }

    [Fact]
    public async Task A_two_turn_chain_by_PreviousResponseId_is_fetched_with_GetResponseAsync()
    {
        var client = Client();
        ResponseResult first = await client.CreateResponseAsync(Options("My name is Ada."));

        var second = Options("What is my name?");
        second.PreviousResponseId = first.Id;
        ResponseResult answered = await client.CreateResponseAsync(second);
        ResponseResult fetched = await client.GetResponseAsync(answered.Id);

        Assert.Equal(first.Id, answered.PreviousResponseId);
        Assert.True(answered.Usage.InputTokenCount > first.Usage.InputTokenCount);
        Assert.Equal(answered.Id, fetched.Id);
        Assert.Equal(first.Id, fetched.PreviousResponseId);
        Assert.Equal(answered.GetOutputText(), fetched.GetOutputText());
        Assert.Equal(answered.Usage.TotalTokenCount, fetched.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task Streaming_deltas_add_up_to_the_final_output_text()
    {
        var options = Options("Tell me about the sea.", maxOutputTokens: 40);
        options.StreamingEnabled = true;
        var deltas = new StringBuilder();
        var kinds = new List<string>();
        ResponseResult? final = null;

        await foreach (var update in await Client().CreateResponseStreamingAsync(options))
        {
            kinds.Add(update.GetType().Name);
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    deltas.Append(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate completed:
                    final = completed.Response;
                    break;
                case StreamingResponseIncompleteUpdate incomplete:
                    final = incomplete.Response;
                    break;
            }
        }

        Assert.NotNull(final);
        Assert.Equal(nameof(StreamingResponseCreatedUpdate), kinds[0]);
        Assert.DoesNotContain(kinds, kind => kind.Contains("Error", StringComparison.Ordinal) || kind.Contains("Failed", StringComparison.Ordinal));
        Assert.True(deltas.Length > 0);
        Assert.Equal(final.GetOutputText(), deltas.ToString());
        Assert.Equal(ResponseStatus.Incomplete, final.Status);

        // The same request without streaming gives the same text (greedy decoding).
        ResponseResult plain = await Client().CreateResponseAsync(Options("Tell me about the sea.", maxOutputTokens: 40));
        Assert.Equal(plain.GetOutputText(), deltas.ToString());
    }

    [Fact]
    public async Task History_with_system_developer_and_assistant_items_is_accepted()
    {
        var options = new CreateResponseOptions(
            Api.Model,
            [
                ResponseItem.CreateSystemMessageItem("You are terse."),
                ResponseItem.CreateDeveloperMessageItem("Never apologise."),
                ResponseItem.CreateUserMessageItem("Say hello."),
                ResponseItem.CreateAssistantMessageItem("Hello."),
                ResponseItem.CreateUserMessageItem("Again."),
            ])
        {
            MaxOutputTokenCount = 16,
            Temperature = 0,
        };

        ResponseResult response = await Client().CreateResponseAsync(options);

        Assert.False(string.IsNullOrEmpty(response.GetOutputText()));
        Assert.True(response.Usage.InputTokenCount > 20);
    }

    [Fact]
    public async Task Unknown_model_raises_ClientResultException_with_404_and_the_message()
    {
        var options = Options("hi");
        options.Model = "gpt-4o";

        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client().CreateResponseAsync(options));

        Assert.Equal(404, error.Status);
        Assert.Contains("The model 'gpt-4o' does not exist", error.Message);
    }

    [Fact]
    public async Task Invalid_request_raises_ClientResultException_with_400_when_streaming()
    {
        var options = Options("hi");
        options.Temperature = 5;
        options.StreamingEnabled = true;

        var error = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var update in await Client().CreateResponseStreamingAsync(options))
            {
                Assert.Fail($"unexpected update {update.GetType().Name}");
            }
        });

        Assert.Equal(400, error.Status);
        Assert.Contains("temperature", error.Message);
    }
    [Fact]
    public async Task A_background_response_is_created_polled_resumed_and_cancelled_through_the_SDK()
    {
        var client = Client();
        var options = Options("Tell me a story.", maxOutputTokens: 16);
        options.BackgroundModeEnabled = true;

        ResponseResult created = await client.CreateResponseAsync(options);
        Assert.Equal(ResponseStatus.Queued, created.Status);
        Assert.True(created.BackgroundModeEnabled);
        ResponseResult polled = created;
        while (polled.Status is ResponseStatus.Queued or ResponseStatus.InProgress)
        {
            await Task.Delay(20);
            polled = await client.GetResponseAsync(created.Id);
        }

        Assert.Equal(ResponseStatus.Incomplete, polled.Status);
        var updates = new List<StreamingResponseUpdate>();
        await foreach (var update in await client.GetResponseStreamingAsync(new GetResponseOptions(created.Id) { StartingAfter = 1, StreamingEnabled = true }))
        {
            updates.Add(update);
        }

        Assert.Equal(2, updates[0].SequenceNumber);
        Assert.Equal(polled.GetOutputText(), Assert.IsType<StreamingResponseIncompleteUpdate>(updates[^1]).Response.GetOutputText());
        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CancelResponseAsync(created.Id));
        Assert.Equal(400, error.Status);
    }
}
