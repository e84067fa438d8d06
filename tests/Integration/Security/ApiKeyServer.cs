using System.Net.Http.Headers;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Security;

/// <summary>One in-memory server started with two API keys, and a client for each key and one with none.</summary>
public sealed class ApiKeyServer : IDisposable
{
    public const string KeyA = "sk-test-alpha-0123456789";
    public const string KeyB = "sk-test-bravo-9876543210";

    /// <summary>A class fixture's constructor: xunit passes no arguments.</summary>
    public ApiKeyServer()
        : this(null)
    {
    }

    /// <param name="settings">More settings for the server (the keys are set here).</param>
    internal ApiKeyServer(IReadOnlyDictionary<string, string>? settings)
    {
        var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { ["Auth:ApiKeys:0"] = KeyA, ["Auth:ApiKeys:1"] = KeyB };
        Factory = new ResponsesServerFactory { Settings = all };
        Anonymous = Factory.CreateClient();
        A = Client(KeyA);
        B = Client(KeyB);
    }

    public ResponsesServerFactory Factory { get; }

    public HttpClient Anonymous { get; }

    public HttpClient A { get; }

    public HttpClient B { get; }

    public HttpClient Client(string key)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public void Dispose()
    {
        Anonymous.Dispose();
        A.Dispose();
        B.Dispose();
        Factory.Dispose();
    }
}
