using System.Text;
using Responses.Server.Storage;

namespace Responses.Tests.Integration.Store.Postgres;

/// <summary>Test responses whose bytes a store could easily alter (key order, spacing, escapes, non-ASCII), and a byte-exact comparison.</summary>
internal static class StoredResponses
{
    /// <param name="createdAt">Unix seconds; now by default, so the store's age bound keeps it.</param>
    public static StoredResponse Create(string id, long? createdAt = null, string? owner = null, string text = "hi")
    {
        createdAt ??= DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var response = $$"""{"id":"{{id}}","object":"response",  "created_at":{{createdAt}},"z":1,"a":2,"text":"{{text}} h\u00e9llo é 😀 \n"}""" + "\n";
        var input = $$"""[{"id":"msg_{{id}}_0","type":"message","role":"user","content":"{{text}}"}]""";
        var output = $$"""[ {"id":"msg_{{id}}_1","type":"message","role":"assistant","content":[{"type":"output_text","text":"{{text}}"}]} ]""";
        return new StoredResponse(id, Encoding.UTF8.GetBytes(response), Encoding.UTF8.GetBytes(input), Encoding.UTF8.GetBytes(output), createdAt.Value, owner);
    }

    public static void AssertSame(StoredResponse expected, StoredResponse? actual) =>
        Responses.Tests.Support.StoredResponseAssert.Same(expected, actual);
}
