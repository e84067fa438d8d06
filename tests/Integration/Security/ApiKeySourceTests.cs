using System.Net;
using System.Net.Http.Headers;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Security;

/// <summary>Keys from the environment variable and a keys file add to --api-key's; a bad file stops the start; binds and warnings.</summary>
public sealed class ApiKeySourceTests
{
    [Fact]
    public async Task Keys_come_from_the_list_and_the_keys_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"responses-keys-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, "# team keys\n  sk-file-one  \n\nsk-file-two\n");
        try
        {
            await using var factory = new ResponsesServerFactory
            {
                Settings = new Dictionary<string, string>
                {
                    ["Auth:ApiKeys:0"] = "sk-listed",
                    ["Auth:ApiKeysFile"] = file,
                },
            };
            foreach (var (key, status) in new[]
            {
                ("sk-listed", HttpStatusCode.OK), ("sk-file-one", HttpStatusCode.OK), ("sk-file-two", HttpStatusCode.OK),
                ("# team keys", HttpStatusCode.Unauthorized), ("sk-other", HttpStatusCode.Unauthorized),
            })
            {
                using var client = factory.CreateClient();
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
                using var response = await client.GetAsync("/v1/models");
                Assert.True(response.StatusCode == status, $"{key}: {(int)response.StatusCode}");
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_unreadable_keys_file_stops_the_start_with_one_line_and_exit_code_2()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"responses-no-such-keys-{Guid.NewGuid():N}.txt");

        var run = await ServerRun.RunAsync("--api-keys-file", missing, "--port", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"the API keys file '{missing}' (Auth:ApiKeysFile) cannot be read", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_non_loopback_bind_without_keys_warns_the_default_bind_is_loopback_and_RESPONSES_API_KEYS_is_read()
    {
        using (var loopback = await ServerChildProcess.StartAsync("--store", "memory"))
        {
            Assert.Contains("listening on http://127.0.0.1:", loopback.Log, StringComparison.Ordinal);
            Assert.DoesNotContain("with no API key", loopback.Log, StringComparison.Ordinal);
        }

        using (var open = await ServerChildProcess.StartAsync("--store", "memory", "--host", "0.0.0.0"))
        {
            Assert.Contains("Listening on 0.0.0.0, reachable from other machines, with no API key", open.Log, StringComparison.Ordinal);
        }

        var variable = new Dictionary<string, string> { ["RESPONSES_API_KEYS"] = "sk-env-one, sk-env-two" };
        using var keyed = await ServerChildProcess.StartAsync(variable, "--store", "memory", "--host", "0.0.0.0");
        Assert.DoesNotContain("with no API key", keyed.Log, StringComparison.Ordinal);
        Assert.Contains("API keys: 2 configured", keyed.Log, StringComparison.Ordinal);
        using (var anonymous = await keyed.Client.GetAsync("/v1/models"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "sk-env-two") } };
        using var served = await keyed.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }
}
