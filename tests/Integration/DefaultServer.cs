using Responses.Tests.Support;

namespace Responses.Tests.Integration;

/// <summary>
/// One server on the embedded model shared by every test class in <see cref="DefaultServerCollection"/>, for tests
/// that do not depend on which ids or timestamps they get. Tests that compare ids make their own factory.
/// </summary>
public sealed class DefaultServer : IDisposable
{
    public DefaultServer()
    {
        Client = Factory.CreateClient();
    }

    public ResponsesServerFactory Factory { get; } = new();

    public HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class DefaultServerCollection : ICollectionFixture<DefaultServer>
{
    public const string Name = "Default server";
}
