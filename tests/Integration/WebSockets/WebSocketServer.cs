using Microsoft.Extensions.DependencyInjection;
using Responses.Inference.Engine;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.WebSockets;

/// <summary>
/// The server the WebSocket tests share: one sampling seed for every request (so a seeded request gives the same
/// reply over SSE and over a socket), no prompt cache (so neither reports cached tokens the other did not), small
/// messages and a 5-minute connection limit that the tests reach by moving the fake clock.
/// </summary>
public sealed class WebSocketServer : IDisposable
{
    public static readonly TimeSpan ConnectionLimit = TimeSpan.FromMinutes(5);

    public const int MaxMessageBytes = 64 * 1024;

    public WebSocketServer()
    {
        Factory = new ResponsesServerFactory
        {
            Settings = new Dictionary<string, string>
            {
                ["WebSocket:ConnectionLimit"] = ConnectionLimit.ToString(),
                ["WebSocket:MaxMessageBytes"] = MaxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Inference:PromptCacheEntries"] = "0",
            },
            ConfigureTestServices = services => services.AddSingleton<ISeedSource>(new ConstantSeedSource()),
        };
        Client = Factory.CreateClient();
    }

    public ResponsesServerFactory Factory { get; }

    public HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
    }

    private sealed class ConstantSeedSource : ISeedSource
    {
        public ulong NextSeed() => 7;
    }
}
