using Responses.Server.Errors;
using Responses.Tests.Clients.Generated;

namespace Responses.Tests.Clients.CSharp;

/// <summary>
/// The C# client NSwag generates from the spec at build time (obj/nswag/ResponsesApiClient.g.cs), against the real
/// server in memory: what a spec user gets, with only the spec's x-handwritten unions written by hand (Unions/).
/// </summary>
public sealed class GeneratedClientTests(InMemoryServer server) : IClassFixture<InMemoryServer>
{
    private const string Model = "responses-tiny-llama";

    private readonly ResponsesApiClient client = server.Client;

    [Fact]
    public async Task Creates_a_response_from_string_input()
    {
        var response = await client.CreateResponseAsync(new CreateResponse { Model = Model, Input = "Hi", Max_output_tokens = 16 });

        Assert.StartsWith("resp_", response.Id, StringComparison.Ordinal);
        Assert.Equal(Model, response.Model);
        Assert.Contains(response.Status, new[] { ResponseStatus.Completed, ResponseStatus.Incomplete });
        Assert.Equal(ToolChoiceOptions.Auto, response.Tool_choice?.Mode);
        var message = Assert.IsType<OutputMessage>(Assert.Single(response.Output));
        Assert.NotEmpty(Assert.IsType<OutputTextContent>(Assert.Single(message.Content)).Text);
    }

    [Fact]
    public async Task Creates_a_response_from_items_with_instructions()
    {
        var request = new CreateResponse
        {
            Model = Model,
            Instructions = "Answer briefly.",
            Input = new List<InputItem>
            {
                new EasyInputMessage { Role = EasyInputMessageRole.User, Content = "What is 2 + 2?" },
                new EasyInputMessage { Role = EasyInputMessageRole.Assistant, Content = "4." },
                new EasyInputMessage
                {
                    Role = EasyInputMessageRole.User,
                    Content = new List<InputContent> { new InputTextContent { Text = "And 3 + 3?" } },
                },
            },
            Max_output_tokens = 16,
        };

        var response = await client.CreateResponseAsync(request);

        Assert.Equal("Answer briefly.", response.Instructions);
        Assert.IsType<OutputMessage>(Assert.Single(response.Output));
        Assert.True(response.Usage?.Input_tokens > 0);
    }

    [Fact]
    public async Task Retrieves_then_deletes_a_stored_response()
    {
        var created = await client.CreateResponseAsync(new CreateResponse { Model = Model, Input = "Hi", Max_output_tokens = 16 });

        var retrieved = await client.GetResponseAsync(created.Id);
        Assert.Equal(created.Id, retrieved.Id);
        Assert.Equal(created.Output.Count, retrieved.Output.Count);

        var deleted = await client.DeleteResponseAsync(created.Id);
        Assert.True(deleted.Deleted);
        Assert.Equal(created.Id, deleted.Id);

        var gone = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(() => client.GetResponseAsync(created.Id));
        Assert.Equal(404, gone.StatusCode);
        Assert.Equal("response_id", gone.Result.Error.Param);
    }

    [Fact]
    public async Task An_unknown_model_is_a_typed_404_with_the_error_envelope()
    {
        var error = await Assert.ThrowsAsync<ApiException<ErrorResponse>>(
            () => client.CreateResponseAsync(new CreateResponse { Model = "no-such-model", Input = "Hi" }));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("invalid_request_error", error.Result.Error.Type);
        Assert.Equal("model_not_found", error.Result.Error.Code);
        Assert.Equal("model", error.Result.Error.Param);
        Assert.Contains("no-such-model", error.Result.Error.Message, StringComparison.Ordinal);
    }
}
