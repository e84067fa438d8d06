using System.Net;
using System.Net.Http.Headers;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Security;

/// <summary>
/// A store file written by a server without keys (its responses have no owner) opens under a server with keys,
/// which keeps those responses from every key, and serves them again once the keys are gone.
/// </summary>
public sealed class KeysOnAnOldStoreTests
{
    [Fact]
    public async Task Responses_stored_without_keys_are_no_keys_to_see_and_the_file_still_opens()
    {
        var path = Path.Combine(Path.GetTempPath(), "responses-tests", "stores", $"{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string> { ["Store:Backend"] = "sqlite", ["Store:Path"] = path };
        try
        {
            string id;
            await using (var open = new ResponsesServerFactory { Settings = settings })
            {
                using var client = open.CreateClient();
                id = (string)(await client.CreateAsync(Stored.Stored.Body("before keys")))["id"]!;
            }

            await using (var keyed = new ResponsesServerFactory { Settings = new Dictionary<string, string>(settings) { ["Auth:ApiKeys:0"] = "sk-later" } })
            {
                using var client = keyed.CreateClient();
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk-later");
                using var hidden = await client.GetAsync($"/v1/responses/{id}");
                await Api.AssertErrorAsync(hidden, HttpStatusCode.NotFound, null, "response_id");
                // Not stored: this factory numbers ids from 1 again, and a save of an existing id replaces it.
                Assert.Equal("response", (string?)(await client.CreateAsync(Stored.Stored.Body("with a key", ",\"store\":false")))["object"]);
            }

            await using var reopened = new ResponsesServerFactory { Settings = settings };
            using var again = await reopened.CreateClient().GetAsync($"/v1/responses/{id}");
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
        finally
        {
            foreach (var file in new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists))
                File.Delete(file);
        }
    }
}
