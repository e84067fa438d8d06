using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Responses.Inference.EmbeddedModel;

namespace Responses.Tests.Integration;

/// <summary>
/// Every path option means what the user typed, relative to the folder the command was typed in: not the project
/// folder `dotnet run` used to start the server in, nor the folder of the server's dll.
/// </summary>
public sealed class RelativePathTests : IDisposable
{
    private readonly string workingDirectory = Directory.CreateTempSubdirectory("responses-tests-cwd-").FullName;

    public RelativePathTests()
    {
        new EmbeddedModelWriter().EnsureWritten(Path.Combine(workingDirectory, "staging"));
        var written = Directory.EnumerateDirectories(Path.Combine(workingDirectory, "staging")).Single();
        Directory.CreateDirectory(Path.Combine(workingDirectory, "mymodels"));
        Directory.Move(written, Path.Combine(workingDirectory, "mymodels", "tiny"));
        File.WriteAllText(Path.Combine(workingDirectory, "keys.txt"), "# the test's key\nsk-relative\n");
    }

    public void Dispose() => Directory.Delete(workingDirectory, recursive: true);

    [Fact]
    public async Task The_server_dll_started_in_another_folder_resolves_model_store_and_keys_file_there()
    {
        using var server = await ServerChildProcess.StartAsync(
            port =>
            {
                var start = ServerChildProcess.StartInfo([
                    "--port", port.ToString(CultureInfo.InvariantCulture),
                    "--model", "mymodels/tiny", "--store", "sqlite:data/responses.db", "--api-keys-file", "keys.txt",
                ]);
                start.WorkingDirectory = workingDirectory;
                return start;
            },
            new Dictionary<string, string>());

        await AnswersAsync(server);
        Assert.True(File.Exists(Path.Combine(workingDirectory, "data", "responses.db")), server.Log);
        Assert.Contains($"from {Path.Combine(workingDirectory, "mymodels", "tiny")}", server.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dotnet_run_from_another_folder_serves_the_model_folder_relative_to_it()
    {
        using var server = await ServerChildProcess.StartAsync(
            port => ServerChildProcess.DotnetRun(workingDirectory, [
                "--port", port.ToString(CultureInfo.InvariantCulture),
                "--model", "mymodels/tiny", "--store", "memory", "--api-keys-file", "keys.txt",
            ]),
            new Dictionary<string, string>());

        await AnswersAsync(server);
        // appsettings.json still came from the server's own folder: its log levels keep ASP.NET Core's request lines out.
        Assert.DoesNotContain("Microsoft.AspNetCore.Hosting.Diagnostics", server.Log, StringComparison.Ordinal);
    }

    private static async Task AnswersAsync(ServerChildProcess server)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses") { Content = Api.Json("""{"model":"tiny","input":"Hi","max_output_tokens":16}""") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-relative");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("tiny", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["model"]);
    }
}
