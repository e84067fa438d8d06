using Responses.Tests.Integration;

namespace Responses.Tests.Conformance;

/// <summary>Our real server as a child process on 127.0.0.1 and a free port, memory store, shared by a test class.</summary>
public sealed class LoopbackServer : IAsyncLifetime
{
    private ServerChildProcess? server;

    public string BaseUrl => new Uri(Server.Client.BaseAddress!, "v1").ToString();

    public ServerChildProcess Server => server ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => server = await ServerChildProcess.StartAsync("--store", "memory");

    public Task DisposeAsync()
    {
        server?.Dispose();
        return Task.CompletedTask;
    }
}
