using Responses.Tests.Support;

namespace Responses.Tests.Conformance;

/// <summary>Our server in memory (real inference, its own SQLite file), shared by a test class.</summary>
public sealed class InMemoryServer : IDisposable
{
    public ResponsesServerFactory Factory { get; } = new();

    public HttpMessageHandler CreateHandler() => Factory.Server.CreateHandler();

    public void Dispose() => Factory.Dispose();
}
