using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI.Conversations;
using OpenAI.Responses;
using Responses.Tests.Support;

namespace Responses.Tests.Integration;

/// <summary>The official OpenAI .NET SDK's Responses and Conversations clients, pointed at a test server, with no retries to hide a failure.</summary>
internal static class OpenAISdk
{
    public static ResponsesClient Responses(ResponsesServerFactory factory) => new(
        new ApiKeyCredential("unused"),
        new ResponsesClientOptions
        {
            Endpoint = new Uri(factory.Server.BaseAddress, "/v1"),
            Transport = new HttpClientPipelineTransport(factory.CreateClient()),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

    public static ConversationClient Conversations(ResponsesServerFactory factory) => new(
        new ApiKeyCredential("unused"),
        new ConversationClientOptions
        {
            Endpoint = new Uri(factory.Server.BaseAddress, "/v1"),
            Transport = new HttpClientPipelineTransport(factory.CreateClient()),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });
}
