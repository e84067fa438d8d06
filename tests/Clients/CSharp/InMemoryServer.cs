using Responses.Tests.Clients.Generated;
using Responses.Tests.Support;

namespace Responses.Tests.Clients.CSharp;

/// <summary>One in-memory server on the embedded model for a test class, and the generated client pointed at it.</summary>
public sealed class InMemoryServer : IDisposable
{
    private readonly ResponsesServerFactory factory = new();
    private readonly HttpClient http;

    public InMemoryServer()
    {
        http = factory.CreateClient();
        Client = new ResponsesApiClient(http);
    }

    public ResponsesApiClient Client { get; }

    public void Dispose()
    {
        http.Dispose();
        factory.Dispose();
    }
}
